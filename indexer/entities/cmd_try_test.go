package entities

import (
	"encoding/json"
	"os"
	"testing"
	"time"
)

func TestTry(t *testing.T) {
	f := os.Getenv("TRY")
	if f == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(f)
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := time.Parse("2006-01-02", os.Getenv("PUB"))
	out, _ := json.MarshalIndent(e.Extract(string(b), pub), "", " ")
	t.Log(string(out))
}
