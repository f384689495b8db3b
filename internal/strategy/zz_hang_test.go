package strategy

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestHangTmp(t *testing.T) {
	var seeds [][]byte
	for _, p := range []string{"cards/*.txt", "testdata/malformed/*.txt"} {
		ns, _ := filepath.Glob(p)
		for _, n := range ns {
			b, _ := os.ReadFile(n)
			seeds = append(seeds, b)
		}
	}
	r := rand.New(rand.NewSource(1))
	toks := [][]byte{[]byte("Realizator"), []byte("Brak"), []byte("\n"), []byte(" "), []byte("5/5%"), []byte("-"), []byte("Wskaźniki produktu:"), []byte("1. "), []byte("zł"), []byte("Budżet zadania"), []byte("Mierniki dla realizacji zadania"), []byte("Planowany całkowity koszt realizacji")}
	for iter := 0; iter < 200000; iter++ {
		b := append([]byte(nil), seeds[r.Intn(len(seeds))]...)
		for m := 0; m < 1+r.Intn(4); m++ {
			pos := r.Intn(len(b) + 1)
			switch r.Intn(3) {
			case 0:
				tk := toks[r.Intn(len(toks))]
				b = append(b[:pos:pos], append(append([]byte(nil), tk...), b[pos:]...)...)
			case 1:
				end := min(len(b), pos+r.Intn(20))
				b = append(b[:pos:pos], b[end:]...)
			case 2:
				if pos < len(b) {
					b[pos] = byte(r.Intn(128))
				}
			}
		}
		done := make(chan struct{})
		go func() { Parse("x", bytes.NewReader(b)); close(done) }()
		select {
		case <-done:
		case <-time.After(2 * time.Second):
			os.WriteFile("/tmp/hang.txt", b, 0o644)
			t.Fatalf("hang at iter %d", iter)
		}
	}
	fmt.Println("no hang")
}
