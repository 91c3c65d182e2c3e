package archive

import (
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// Raw pages and revisions are stored zstd-compressed. The codecs are made
// once; an error making them (it would be a bug in their options) is kept
// and returned by every compress and decompress.
var (
	zOnce sync.Once
	zEnc  *zstd.Encoder
	zDec  *zstd.Decoder
	zErr  error
)

func codecs() (*zstd.Encoder, *zstd.Decoder, error) {
	zOnce.Do(func() {
		var encErr, decErr error
		zEnc, encErr = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault), zstd.WithEncoderConcurrency(1))
		zDec, decErr = zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(256<<20))
		if encErr != nil || decErr != nil {
			zErr = fmt.Errorf("make the zstd codecs: encoder: %v, decoder: %v", encErr, decErr)
		}
	})
	return zEnc, zDec, zErr
}

func compress(b []byte) ([]byte, error) {
	if b == nil {
		return nil, nil
	}
	enc, _, err := codecs()
	if err != nil {
		return nil, err
	}
	return enc.EncodeAll(b, make([]byte, 0, len(b)/4)), nil
}

func decompress(b []byte) ([]byte, error) {
	if b == nil {
		return nil, nil
	}
	_, dec, err := codecs()
	if err != nil {
		return nil, err
	}
	out, err := dec.DecodeAll(b, nil)
	if err != nil {
		return nil, fmt.Errorf("decompress stored page: %w", err)
	}
	return out, nil
}
