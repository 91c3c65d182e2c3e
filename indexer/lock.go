package indexer

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// Holder says who holds the index: a CLI command, or a server (with the
// address of its API, so other commands can go through it).
type Holder struct {
	PID     int       `json:"pid"`
	Command string    `json:"command"`
	Addr    string    `json:"addr,omitempty"`
	Since   time.Time `json:"since"`
}

// ErrLocked is returned when another process holds the index.
var ErrLocked = errors.New("the index is in use by another process")

// LockedError tells who holds the index.
type LockedError struct{ Holder Holder }

func (e *LockedError) Error() string {
	h := e.Holder
	if h.Addr != "" {
		return fmt.Sprintf("the index is in use by `newsarchive %s` (pid %d, serving http://%s)", h.Command, h.PID, h.Addr)
	}
	return fmt.Sprintf("the index is in use by `newsarchive %s` (pid %d); wait for it to finish", h.Command, h.PID)
}

func (e *LockedError) Unwrap() error { return ErrLocked }

// fileLock is an exclusive advisory lock on a file beside the index; the
// kernel releases it when the process dies, so it never goes stale.
type fileLock struct{ f *os.File }

func lockPath(dataDir string) string { return filepath.Join(dataDir, "index.lock") }

func acquire(dataDir string, h Holder) (*fileLock, error) {
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	f, err := os.OpenFile(lockPath(dataDir), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open index lock: %w", err)
	}
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	for try := 0; errors.Is(err, syscall.EWOULDBLOCK) && try < 3; try++ {
		time.Sleep(50 * time.Millisecond) // Held may be peeking at the lock
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	}
	if err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			held, _ := ReadHolder(dataDir)
			return nil, &LockedError{Holder: held}
		}
		return nil, fmt.Errorf("lock index: %w", err)
	}
	h.PID = os.Getpid()
	h.Since = time.Now().UTC()
	if err := writeHolder(f, h); err != nil {
		f.Close()
		return nil, err
	}
	return &fileLock{f: f}, nil
}

func writeHolder(f *os.File, h Holder) error {
	b, _ := json.Marshal(h)
	if err := f.Truncate(0); err != nil {
		return fmt.Errorf("write index lock: %w", err)
	}
	if _, err := f.WriteAt(append(b, '\n'), 0); err != nil {
		return fmt.Errorf("write index lock: %w", err)
	}
	return nil
}

// ReadHolder returns who last held the index lock (valid while it is held).
func ReadHolder(dataDir string) (Holder, error) {
	var h Holder
	b, err := os.ReadFile(lockPath(dataDir))
	if err != nil {
		return h, err
	}
	err = json.Unmarshal(b, &h)
	return h, err
}

// Held reports whether some process holds the index lock now.
func Held(dataDir string) (Holder, bool) {
	f, err := os.Open(lockPath(dataDir))
	if err != nil {
		return Holder{}, false
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB); err == nil {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		return Holder{}, false
	}
	h, _ := ReadHolder(dataDir)
	return h, true
}

func (l *fileLock) setAddr(h Holder) error { return writeHolder(l.f, h) }

func (l *fileLock) release() {
	if l == nil || l.f == nil {
		return
	}
	l.f.Truncate(0)
	syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	l.f.Close()
	l.f = nil
}
