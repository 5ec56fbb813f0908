package chart

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
	"io"
	"math"
)

// encodePNG writes img as an 8-bit RGB PNG when it is fully opaque, and
// with image/png otherwise, recording dpi in a pHYs chunk either way: an
// image without one is taken as 72 or 96 dpi by word processors and
// layout programs, so a 1800 px chart meant for 10 in would be placed 19
// or 25 in wide.
//
// Why not just image/png: for every row it tries all five PNG filters to
// pick the best, which made up about half of the time to render a chart at
// 1800 px. Charts are flat colour, for which the "Up" filter alone (a row
// minus the row above) compresses about as well, and dropping the alpha
// channel of an opaque chart shrinks the data by a quarter. The output is
// a standard PNG (tests decode it with image/png).
func encodePNG(w io.Writer, img *image.RGBA, dpi float64) error {
	b := img.Bounds()
	wd, ht := b.Dx(), b.Dy()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := img.Pix[img.PixOffset(b.Min.X, y):][: 4*wd : 4*wd]
		for i := 3; i < len(row); i += 4 {
			if row[i] != 0xFF {
				return encodeStd(w, img, dpi)
			}
		}
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("\x89PNG\r\n\x1a\n")
	var hdr [13]byte
	binary.BigEndian.PutUint32(hdr[0:], uint32(wd))
	binary.BigEndian.PutUint32(hdr[4:], uint32(ht))
	hdr[8], hdr[9] = 8, 2 // 8 bits per sample, truecolour (RGB)
	writeChunk(bw, "IHDR", hdr[:])
	writeChunk(bw, "pHYs", physData(dpi))

	idat := &chunkWriter{w: bw, typ: "IDAT"}
	zw, err := zlib.NewWriterLevel(idat, zlib.BestSpeed)
	if err != nil {
		return err
	}
	prev := make([]byte, 3*wd)  // the previous row, RGB
	cur := make([]byte, 1+3*wd) // filter byte + the filtered row
	cur[0] = 2                  // filter type Up: each byte minus the byte above
	for y := b.Min.Y; y < b.Max.Y; y++ {
		src := img.Pix[img.PixOffset(b.Min.X, y):][: 4*wd : 4*wd]
		dst := cur[1:]
		for x, j := 0, 0; x+3 < len(src); x, j = x+4, j+3 {
			r, g, bl := src[x], src[x+1], src[x+2]
			p := prev[j : j+3 : j+3]
			d := dst[j : j+3 : j+3]
			d[0], d[1], d[2] = r-p[0], g-p[1], bl-p[2]
			p[0], p[1], p[2] = r, g, bl
		}
		if _, err := zw.Write(cur); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := idat.flush(); err != nil {
		return err
	}
	writeChunk(bw, "IEND", nil)
	return bw.Flush()
}

// physData is the body of a pHYs chunk for dpi: pixels per metre on both
// axes, unit 1 (the metre).
func physData(dpi float64) []byte {
	var d [9]byte
	ppm := uint32(math.Round(dpi / 0.0254))
	binary.BigEndian.PutUint32(d[0:], ppm)
	binary.BigEndian.PutUint32(d[4:], ppm)
	d[8] = 1
	return d[:]
}

// encodeStd encodes img with image/png, which writes no pHYs, and adds
// one right after IHDR (the PNG spec wants it before the first IDAT).
func encodeStd(w io.Writer, img image.Image, dpi float64) error {
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img); err != nil {
		return err
	}
	b := buf.Bytes()
	const ihdrEnd = 8 + 4 + 4 + 13 + 4 // signature, then IHDR's length, type, data and CRC
	bw := bufio.NewWriter(w)
	bw.Write(b[:ihdrEnd])
	writeChunk(bw, "pHYs", physData(dpi))
	bw.Write(b[ihdrEnd:])
	return bw.Flush()
}

func writeChunk(w *bufio.Writer, typ string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	w.Write(n[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	w.WriteString(typ)
	w.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	w.Write(n[:])
}

// chunkWriter buffers compressed data into IDAT chunks of up to 64 KiB.
type chunkWriter struct {
	w   *bufio.Writer
	typ string
	buf []byte
}

func (c *chunkWriter) Write(p []byte) (int, error) {
	c.buf = append(c.buf, p...)
	for len(c.buf) >= 1<<16 {
		writeChunk(c.w, c.typ, c.buf[:1<<16])
		c.buf = c.buf[1<<16:]
	}
	return len(p), nil
}

func (c *chunkWriter) flush() error {
	if len(c.buf) > 0 {
		writeChunk(c.w, c.typ, c.buf)
		c.buf = nil
	}
	return nil
}
