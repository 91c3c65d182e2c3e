package bench

import (
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
)

// profile starts a CPU profile named after what runs, when profiling is on
// and want is true; the returned function stops it.
func (cfg *Config) profile(name string, want bool) func() {
	if cfg.ProfileDir == "" || !want {
		return func() {}
	}
	safe := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, strings.ToLower(name))
	f, err := os.Create(filepath.Join(cfg.ProfileDir, strings.Trim(safe, "-")+".pprof"))
	if err != nil {
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
