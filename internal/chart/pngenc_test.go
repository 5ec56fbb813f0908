package chart

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"testing"
)

// pngChunks lists the chunks of a PNG with their data, checking each CRC.
func pngChunks(t *testing.T, b []byte) (types []string, data map[string][]byte) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatal("not a PNG")
	}
	data = map[string][]byte{}
	for p := 8; p+12 <= len(b); {
		n := int(binary.BigEndian.Uint32(b[p:]))
		typ := string(b[p+4 : p+8])
		d := b[p+8 : p+8+n]
		if crc := binary.BigEndian.Uint32(b[p+8+n:]); crc != crc32.ChecksumIEEE(b[p+4:p+8+n]) {
			t.Fatalf("chunk %s: bad CRC", typ)
		}
		types = append(types, typ)
		if _, ok := data[typ]; !ok {
			data[typ] = d
		}
		p += 12 + n
	}
	return types, data
}

func TestPNGHasDPI(t *testing.T) {
	opaque := image.NewRGBA(image.Rect(0, 0, 30, 20))
	for i := range opaque.Pix {
		opaque.Pix[i] = 0xFF
	}
	translucent := image.NewRGBA(image.Rect(0, 0, 30, 20))
	translucent.Set(3, 4, color.RGBA{0x10, 0x20, 0x30, 0x80})
	for _, c := range []struct {
		name string
		img  *image.RGBA
		dpi  float64
		ppm  uint32
	}{
		{"opaque 180 dpi", opaque, 180, 7087}, // 180 / 0.0254 = 7086.6
		{"opaque 300 dpi", opaque, 300, 11811},
		{"translucent (image/png) 144 dpi", translucent, 144, 5669},
	} {
		var b bytes.Buffer
		if err := encodePNG(&b, c.img, c.dpi); err != nil {
			t.Fatal(err)
		}
		types, data := pngChunks(t, b.Bytes())
		if len(types) < 3 || types[0] != "IHDR" || types[1] != "pHYs" {
			t.Errorf("%s: chunks %v, want IHDR then pHYs", c.name, types)
			continue
		}
		p := data["pHYs"]
		if x, y := binary.BigEndian.Uint32(p), binary.BigEndian.Uint32(p[4:]); x != c.ppm || y != c.ppm || p[8] != 1 {
			t.Errorf("%s: pHYs %d×%d unit %d, want %d per metre", c.name, x, y, p[8], c.ppm)
		}
		got, err := png.Decode(&b)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got.Bounds() != c.img.Bounds() {
			t.Errorf("%s: decoded %v", c.name, got.Bounds())
		}
	}
}

func TestRenderedPNGHasDPI(t *testing.T) {
	c := sampleTornado(t)
	var b bytes.Buffer
	if err := c.Render(&b, FormatPNG); err != nil {
		t.Fatal(err)
	}
	_, data := pngChunks(t, b.Bytes())
	if p := data["pHYs"]; p == nil || binary.BigEndian.Uint32(p) != 7087 {
		t.Errorf("chart PNG pHYs %v, want %d dpi", p, PNGDPI)
	}
}
