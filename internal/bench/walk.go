package bench

import (
	"io/fs"
	"path/filepath"
)

func filepathWalk(root string, add func(int64)) {
	filepath.WalkDir(root, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				add(info.Size())
			}
		}
		return nil
	})
}
