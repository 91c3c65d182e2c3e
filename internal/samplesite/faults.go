package samplesite

import (
	"net/http"
	"strconv"
	"time"
)

// Fault is a misbehaviour injected for one path, to test a client against
// a failing site. Examples:
//
//	Fault{Status: 429, RetryAfter: "1", Times: 1}  // rate-limited once
//	Fault{Status: 500, Times: 1}                   // one server error
//	Fault{Redirect: "http://elsewhere.test/a/1.html"}
//	Fault{Body: []byte("garbage")}                 // 200 with a broken page
//	Fault{Delay: 5 * time.Second}                  // slower than a client's timeout
type Fault struct {
	// Status is the status to answer with (default 200 with Body, 302
	// with Redirect).
	Status int
	// RetryAfter is the Retry-After header to send, if any.
	RetryAfter string
	// Redirect is a Location to redirect to.
	Redirect string
	// Body is the body to answer with.
	Body []byte
	// ContentType of Body (default text/html; charset=utf-8).
	ContentType string
	// Delay holds the answer back this long, or until the client gives up.
	Delay time.Duration
	// Times is how many requests get the fault before the path answers
	// normally again; 0 means until ClearFaults.
	Times int
}

// SetFault makes requests for path (the URL path, without the query)
// answer with f.
func (s *Site) SetFault(path string, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[path] = &f
}

// ClearFaults removes every fault.
func (s *Site) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = map[string]*Fault{}
}

// takeFault returns the fault set for path, counting one use of it.
func (s *Site) takeFault(path string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.faults[path]
	if !ok {
		return Fault{}, false
	}
	if f.Times > 0 {
		f.Times--
		if f.Times == 0 {
			delete(s.faults, path)
		}
	}
	return *f, true
}

func serveFault(w http.ResponseWriter, r *http.Request, f Fault) {
	if f.Delay > 0 {
		t := time.NewTimer(f.Delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	if f.Redirect != "" {
		status := f.Status
		if status < 300 || status > 399 {
			status = http.StatusFound
		}
		http.Redirect(w, r, f.Redirect, status)
		return
	}
	status := f.Status
	if status == 0 {
		status = http.StatusOK
	}
	body := f.Body
	if body == nil && status != http.StatusOK {
		body = []byte(strconv.Itoa(status) + " " + http.StatusText(status) + "\n")
	}
	ct := f.ContentType
	if ct == "" {
		ct = "text/html; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}
