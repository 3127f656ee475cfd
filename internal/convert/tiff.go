package convert

import (
	"encoding/binary"
	"io"
)

// tiffPages walks a TIFF's chain of image directories (IFDs) and returns
// their offsets: x/image/tiff decodes only the first, so each further page
// is decoded through a header that points at its directory. A chain that
// loops or is longer than MaxFrames is refused.
func tiffPages(r io.ReaderAt, size int64) ([]int64, error) {
	var hdr [8]byte
	if _, err := r.ReadAt(hdr[:], 0); err != nil {
		return nil, &Error{Problem: BadImage, Cause: DamagedHeader, Err: err}
	}
	bo, ok := tiffOrder(hdr[:])
	if !ok {
		return nil, &Error{Problem: BadImage, Cause: NotTIFF}
	}
	seen := map[int64]bool{}
	var offs []int64
	for off := int64(bo.Uint32(hdr[4:])); off != 0; {
		if off < 8 || off+2 > size || seen[off] {
			if len(offs) > 0 {
				break // a damaged tail: print the pages before it
			}
			return nil, &Error{Problem: BadImage, Cause: DamagedDirectory}
		}
		if len(offs) == MaxFrames {
			return nil, &Error{Problem: TooLarge, Cause: TooManyFrames, Limit: MaxFrames}
		}
		seen[off] = true
		offs = append(offs, off)
		var n [2]byte
		if _, err := r.ReadAt(n[:], off); err != nil {
			break
		}
		var next [4]byte
		if _, err := r.ReadAt(next[:], off+2+12*int64(bo.Uint16(n[:]))); err != nil {
			break
		}
		off = int64(bo.Uint32(next[:]))
	}
	return offs, nil
}

func tiffOrder(hdr []byte) (binary.ByteOrder, bool) {
	switch {
	case string(hdr[:4]) == "II*\x00":
		return binary.LittleEndian, true
	case string(hdr[:4]) == "MM\x00*":
		return binary.BigEndian, true
	}
	return nil, false
}

// tiffHeader is r's TIFF header made to point at the directory at off.
func tiffHeader(r io.ReaderAt, off int64) [8]byte {
	var hdr [8]byte
	r.ReadAt(hdr[:], 0)
	if bo, ok := tiffOrder(hdr[:]); ok {
		bo.PutUint32(hdr[4:], uint32(off))
	}
	return hdr
}

// headerAt reads r with its first 8 bytes replaced by hdr.
type headerAt struct {
	r   io.ReaderAt
	hdr [8]byte
}

func (h headerAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := h.r.ReadAt(p, off)
	for i := int64(0); i < int64(n) && off+i < 8; i++ {
		p[i] = h.hdr[off+i]
	}
	return n, err
}
