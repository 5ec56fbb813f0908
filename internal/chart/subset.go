package chart

import (
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"

	"golang.org/x/image/font/sfnt"
)

// subsetTTF returns a TrueType font holding only the glyphs of runes (and
// .notdef, and the components of composite glyphs), renumbered from 0,
// with a cmap for exactly those runes. Everything a renderer needs for
// those glyphs stays as it was: outlines and their hinting, the font
// program and control values, advance widths, names and OS/2 metrics.
// Tables that index glyphs and are not needed to draw them (kerning,
// OpenType layout, device metrics) are dropped.
//
// Why: a chart uses a few dozen characters of Liberation Sans's 2,600
// glyphs; embedding the whole 400 KB file made every SVG 0.55 MB.
func subsetTTF(src []byte, runes []rune) ([]byte, error) {
	f, err := sfnt.Parse(src)
	if err != nil {
		return nil, fmt.Errorf("subset: %w", err)
	}
	tables, err := ttfTables(src)
	if err != nil {
		return nil, err
	}
	for _, tag := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap", "post"} {
		if tables[tag] == nil {
			return nil, fmt.Errorf("subset: font has no %s table", tag)
		}
	}
	head, hhea, maxp := tables["head"], tables["hhea"], tables["maxp"]
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 {
		return nil, errors.New("subset: truncated head, hhea or maxp table")
	}
	numGlyphs := int(binary.BigEndian.Uint16(maxp[4:]))
	longLoca := binary.BigEndian.Uint16(head[50:]) == 1
	loca := tables["loca"]
	glyphRange := func(g int) (int, int, error) {
		if g < 0 || g >= numGlyphs {
			return 0, 0, fmt.Errorf("subset: glyph %d out of range", g)
		}
		var a, b int
		if longLoca {
			if len(loca) < 4*(g+2) {
				return 0, 0, errors.New("subset: truncated loca table")
			}
			a, b = int(binary.BigEndian.Uint32(loca[4*g:])), int(binary.BigEndian.Uint32(loca[4*g+4:]))
		} else {
			if len(loca) < 2*(g+2) {
				return 0, 0, errors.New("subset: truncated loca table")
			}
			a, b = 2*int(binary.BigEndian.Uint16(loca[2*g:])), 2*int(binary.BigEndian.Uint16(loca[2*g+2:]))
		}
		if a > b || b > len(tables["glyf"]) {
			return 0, 0, fmt.Errorf("subset: glyph %d has a bad extent", g)
		}
		return a, b, nil
	}
	glyf := tables["glyf"]

	// The glyphs to keep: .notdef, each rune's glyph, and recursively the
	// components of composite glyphs.
	var buf sfnt.Buffer
	cmap := map[rune]int{}
	keep := map[int]bool{0: true}
	var todo []int
	for _, r := range runes {
		gi, err := f.GlyphIndex(&buf, r)
		if err != nil || gi == 0 || r > 0xFFFF {
			continue // not in the font (drawn as .notdef) or outside the BMP
		}
		cmap[r] = int(gi)
		if !keep[int(gi)] {
			keep[int(gi)] = true
			todo = append(todo, int(gi))
		}
	}
	for len(todo) > 0 {
		g := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		a, b, err := glyphRange(g)
		if err != nil {
			return nil, err
		}
		err = eachComponent(glyf[a:b], func(off int) {
			c := int(binary.BigEndian.Uint16(glyf[a+off:]))
			if !keep[c] {
				keep[c] = true
				todo = append(todo, c)
			}
		})
		if err != nil {
			return nil, fmt.Errorf("subset: glyph %d: %w", g, err)
		}
	}
	order := slices.Sorted(maps.Keys(keep))
	newID := make(map[int]int, len(order))
	for i, g := range order {
		newID[g] = i
	}

	// glyf and loca (long offsets), with component references renumbered.
	var nglyf []byte
	nloca := make([]byte, 4*(len(order)+1))
	for i, g := range order {
		a, b, err := glyphRange(g)
		if err != nil {
			return nil, err
		}
		binary.BigEndian.PutUint32(nloca[4*i:], uint32(len(nglyf)))
		start := len(nglyf)
		nglyf = append(nglyf, glyf[a:b]...)
		_ = eachComponent(glyf[a:b], func(off int) {
			c := int(binary.BigEndian.Uint16(glyf[a+off:]))
			binary.BigEndian.PutUint16(nglyf[start+off:], uint16(newID[c]))
		})
		for len(nglyf)%4 != 0 {
			nglyf = append(nglyf, 0)
		}
	}
	binary.BigEndian.PutUint32(nloca[4*len(order):], uint32(len(nglyf)))

	// hmtx: a full metric for every glyph.
	hmtx := tables["hmtx"]
	nh := int(binary.BigEndian.Uint16(hhea[34:]))
	if nh == 0 || len(hmtx) < 4*nh+2*(numGlyphs-nh) {
		return nil, errors.New("subset: truncated hmtx table")
	}
	nhmtx := make([]byte, 4*len(order))
	for i, g := range order {
		var adv, lsb uint16
		if g < nh {
			adv, lsb = binary.BigEndian.Uint16(hmtx[4*g:]), binary.BigEndian.Uint16(hmtx[4*g+2:])
		} else {
			adv, lsb = binary.BigEndian.Uint16(hmtx[4*(nh-1):]), binary.BigEndian.Uint16(hmtx[4*nh+2*(g-nh):])
		}
		binary.BigEndian.PutUint16(nhmtx[4*i:], adv)
		binary.BigEndian.PutUint16(nhmtx[4*i+2:], lsb)
	}

	nhead := slices.Clone(head)
	binary.BigEndian.PutUint32(nhead[8:], 0) // checkSumAdjustment, set below
	binary.BigEndian.PutUint16(nhead[50:], 1)
	nhhea := slices.Clone(hhea)
	binary.BigEndian.PutUint16(nhhea[34:], uint16(len(order)))
	nmaxp := slices.Clone(maxp)
	binary.BigEndian.PutUint16(nmaxp[4:], uint16(len(order)))
	post := tables["post"]
	if len(post) < 32 {
		return nil, errors.New("subset: truncated post table")
	}
	npost := slices.Clone(post[:32])
	binary.BigEndian.PutUint32(npost, 0x00030000) // version 3: no glyph names
	clear(npost[16:])                             // memory usage hints

	out := map[string][]byte{
		"head": nhead, "hhea": nhhea, "maxp": nmaxp, "hmtx": nhmtx, "loca": nloca, "glyf": nglyf,
		"cmap": cmapFormat4(cmap, newID), "post": npost,
	}
	for _, tag := range []string{"OS/2", "name", "cvt ", "fpgm", "prep", "gasp"} {
		if t := tables[tag]; t != nil {
			out[tag] = t
		}
	}
	font := writeTTF(out)
	// head.checkSumAdjustment makes the whole file sum to 0xB1B0AFBA.
	adj := 0xB1B0AFBA - ttfChecksum(font)
	off := headOffset(font)
	binary.BigEndian.PutUint32(font[off+8:], adj)
	return font, nil
}

// eachComponent calls fn with the offset, within glyph data g, of each
// component's glyph index if g is a composite glyph.
func eachComponent(g []byte, fn func(off int)) error {
	if len(g) < 10 || int16(binary.BigEndian.Uint16(g)) >= 0 {
		return nil // empty or simple
	}
	p := 10
	for {
		if p+4 > len(g) {
			return errors.New("truncated composite glyph")
		}
		flags := binary.BigEndian.Uint16(g[p:])
		fn(p + 2)
		p += 4
		if flags&0x0001 != 0 { // ARG_1_AND_2_ARE_WORDS
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&0x0008 != 0: // WE_HAVE_A_SCALE
			p += 2
		case flags&0x0040 != 0: // WE_HAVE_AN_X_AND_Y_SCALE
			p += 4
		case flags&0x0080 != 0: // WE_HAVE_A_TWO_BY_TWO
			p += 8
		}
		if flags&0x0020 == 0 { // MORE_COMPONENTS
			return nil
		}
	}
}

// cmapFormat4 is a cmap table with one (3, 1) format 4 subtable mapping
// each rune to its new glyph, one segment per rune.
func cmapFormat4(cmap map[rune]int, newID map[int]int) []byte {
	rs := slices.Sorted(maps.Keys(cmap))
	seg := len(rs) + 1 // and the final 0xFFFF segment
	sub := make([]byte, 16+8*seg)
	be := binary.BigEndian
	be.PutUint16(sub[0:], 4)
	be.PutUint16(sub[2:], uint16(len(sub)))
	be.PutUint16(sub[6:], uint16(2*seg))
	sr := 2
	es := 0
	for sr*2 <= 2*seg {
		sr *= 2
		es++
	}
	be.PutUint16(sub[8:], uint16(sr))
	be.PutUint16(sub[10:], uint16(es))
	be.PutUint16(sub[12:], uint16(2*seg-sr))
	ends, starts, deltas := 14, 16+2*seg, 16+4*seg // idRangeOffsets (all 0) follow
	for i, r := range rs {
		be.PutUint16(sub[ends+2*i:], uint16(r))
		be.PutUint16(sub[starts+2*i:], uint16(r))
		be.PutUint16(sub[deltas+2*i:], uint16(newID[cmap[r]]-int(r)))
	}
	i := len(rs)
	be.PutUint16(sub[ends+2*i:], 0xFFFF)
	be.PutUint16(sub[starts+2*i:], 0xFFFF)
	be.PutUint16(sub[deltas+2*i:], 1)
	t := make([]byte, 12, 12+len(sub))
	be.PutUint16(t[2:], 1)  // one subtable
	be.PutUint16(t[4:], 3)  // Windows
	be.PutUint16(t[6:], 1)  // Unicode BMP
	be.PutUint32(t[8:], 12) // offset
	return append(t, sub...)
}

// ttfTables splits a TrueType file into its tables by tag.
func ttfTables(src []byte) (map[string][]byte, error) {
	if len(src) < 12 {
		return nil, errors.New("subset: truncated font")
	}
	n := int(binary.BigEndian.Uint16(src[4:]))
	if len(src) < 12+16*n {
		return nil, errors.New("subset: truncated table directory")
	}
	m := make(map[string][]byte, n)
	for i := range n {
		r := src[12+16*i:]
		off, ln := int(binary.BigEndian.Uint32(r[8:])), int(binary.BigEndian.Uint32(r[12:]))
		if off < 0 || ln < 0 || off+ln > len(src) {
			return nil, fmt.Errorf("subset: table %q outside the file", r[:4])
		}
		m[string(r[:4])] = src[off : off+ln]
	}
	return m, nil
}

// writeTTF assembles tables into a TrueType file, tables in tag order,
// each 4-byte aligned, with their checksums.
func writeTTF(tables map[string][]byte) []byte {
	tags := slices.Sorted(maps.Keys(tables))
	n := len(tags)
	sr, es := 1, 0
	for sr*2 <= n {
		sr *= 2
		es++
	}
	be := binary.BigEndian
	out := make([]byte, 12+16*n)
	be.PutUint32(out[0:], 0x00010000)
	be.PutUint16(out[4:], uint16(n))
	be.PutUint16(out[6:], uint16(16*sr))
	be.PutUint16(out[8:], uint16(es))
	be.PutUint16(out[10:], uint16(16*(n-sr)))
	for i, tag := range tags {
		t := tables[tag]
		r := out[12+16*i:]
		copy(r, tag)
		be.PutUint32(r[4:], ttfChecksum(t))
		be.PutUint32(r[8:], uint32(len(out)))
		be.PutUint32(r[12:], uint32(len(t)))
		out = append(out, t...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out
}

func headOffset(font []byte) int {
	n := int(binary.BigEndian.Uint16(font[4:]))
	for i := range n {
		r := font[12+16*i:]
		if string(r[:4]) == "head" {
			return int(binary.BigEndian.Uint32(r[8:]))
		}
	}
	return -1
}

// ttfChecksum is the sum of b as big-endian uint32s, zero-padded.
func ttfChecksum(b []byte) uint32 {
	var s uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		s += binary.BigEndian.Uint32(w[:])
	}
	return s
}
