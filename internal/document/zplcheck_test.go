package document

import (
	"bytes"
	"fmt"
)

// checkZPL verifies what LabelZPL promises: one label, ^XA first and ^XZ
// last, no tilde anywhere (no ~ command), and in every field's data no
// caret, only well-formed ^FH escapes, and no backslash in a field block. Tests and the fuzzer use it.
func checkZPL(z []byte) error {
	if !bytes.HasPrefix(z, []byte("^XA\n")) || !bytes.HasSuffix(z, []byte("^XZ\n")) {
		return fmt.Errorf("not one ^XA … ^XZ block")
	}
	if bytes.Count(z, []byte("^XA")) != 1 || bytes.Count(z, []byte("^XZ")) != 1 {
		return fmt.Errorf("%d ^XA and %d ^XZ", bytes.Count(z, []byte("^XA")), bytes.Count(z, []byte("^XZ")))
	}
	if i := bytes.IndexByte(z, '~'); i >= 0 {
		return fmt.Errorf("a tilde at byte %d", i)
	}
	rest := z
	for {
		i := bytes.Index(rest, []byte("^FD"))
		if i < 0 {
			return nil
		}
		rest = rest[i+3:]
		j := bytes.Index(rest, []byte("^FS"))
		if j < 0 {
			return fmt.Errorf("a field without ^FS")
		}
		data := rest[:j]
		if k := bytes.LastIndex(z[:len(z)-len(rest)], []byte("^FS")); bytes.Contains(z[max(k, 0):len(z)-len(rest)], []byte("^FB")) && bytes.ContainsRune(data, '\\') {
			return fmt.Errorf("field block data %q holds a backslash, which ^FB reads as an escape", data)
		}
		if k := bytes.IndexAny(data, "^\r\n"); k >= 0 {
			return fmt.Errorf("field data %q holds %q", data, data[k])
		}
		for k := 0; k < len(data); k++ {
			if data[k] == '_' && (k+2 >= len(data) || !isHex(data[k+1]) || !isHex(data[k+2])) {
				return fmt.Errorf("field data %q has a bare _", data)
			}
		}
		rest = rest[j+3:]
	}
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'A' && c <= 'F' }
