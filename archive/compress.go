package archive

import (
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// Raw pages and revisions are stored zstd-compressed.
var (
	zOnce sync.Once
	zEnc  *zstd.Encoder
	zDec  *zstd.Decoder
)

func codecs() (*zstd.Encoder, *zstd.Decoder) {
	zOnce.Do(func() {
		zEnc, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault), zstd.WithEncoderConcurrency(1))
		zDec, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(256<<20))
	})
	return zEnc, zDec
}

func compress(b []byte) []byte {
	if b == nil {
		return nil
	}
	enc, _ := codecs()
	return enc.EncodeAll(b, make([]byte, 0, len(b)/4))
}

func decompress(b []byte) ([]byte, error) {
	if b == nil {
		return nil, nil
	}
	_, dec := codecs()
	out, err := dec.DecodeAll(b, nil)
	if err != nil {
		return nil, fmt.Errorf("decompress stored page: %w", err)
	}
	return out, nil
}
