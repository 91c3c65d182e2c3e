package bench

import (
	"bufio"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// resetPeakRSS resets the process's peak resident set size (Linux: writing
// 5 to /proc/self/clear_refs), so each phase reports its own peak.
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSS returns the peak resident set size in bytes since the last
// reset (0 where /proc is not available). It counts the index files Bleve
// maps into memory, which the kernel can drop at any time.
func peakRSS() int64 { return statusKB("VmHWM:") * 1024 }

// anonRSS returns the resident anonymous memory in bytes: the heap and
// stacks, without mapped files.
func anonRSS() int64 { return statusKB("RssAnon:") * 1024 }

func statusKB(key string) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), key); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb
		}
	}
	return 0
}

// anonPeak samples anonRSS until stopped and returns the largest sample.
func anonPeak() (stop func() int64) {
	done := make(chan struct{})
	result := make(chan int64)
	go func() {
		peak := anonRSS()
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				result <- max(peak, anonRSS())
				return
			case <-t.C:
				peak = max(peak, anonRSS())
			}
		}
	}()
	return func() int64 {
		close(done)
		return <-result
	}
}

// dirSize is the size of the files under path.
func dirSize(path string) int64 {
	var n int64
	filepath.WalkDir(path, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}
