package cortege

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"time"
)

// crockford is the alphabet of ULIDs: sortable, URL-safe, no ambiguous letters.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewID returns a new ULID-shaped identifier for an ordinary object: 48 bits
// of millisecond time then 80 random bits, in 26 Crockford base-32 characters.
// It is not guessable but sorts roughly by creation time. Ballots never use
// it (they must carry no time).
func NewID(now time.Time) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(now.UnixMilli())<<16)
	rand.Read(b[6:])
	return encodeCrockford(b)
}

// NewIDFrom is NewID with the 80 "random" bits given (hi, then the low 16
// bits of lo) instead of drawn from the system's generator: the scale
// generator (cortege demo --scale) makes the same instance for the same
// seed. Never use it for an ID that must not be guessed by someone who
// knows the seed.
func NewIDFrom(now time.Time, hi uint64, lo uint64) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(now.UnixMilli())<<16|lo&0xffff)
	binary.BigEndian.PutUint64(b[8:], hi)
	return encodeCrockford(b)
}

func encodeCrockford(b [16]byte) string {
	hi := binary.BigEndian.Uint64(b[:8])
	lo := binary.BigEndian.Uint64(b[8:])
	var out [26]byte
	for i := 25; i >= 0; i-- {
		out[i] = crockford[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return string(out[:])
}

// NewToken returns a secret token of 256 random bits, base64url without
// padding: what sign-in links, sessions and API tokens carry.
func NewToken() string {
	var b [32]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// HashToken returns the hex SHA-256 of a secret token. Only this hash is ever
// stored, so a copy of the database gives no usable token; 256-bit random
// tokens need no salt or slow hash.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// ValidTokenShape reports whether s looks like a token from NewToken, so that
// garbage is refused before any database work.
func ValidTokenShape(s string) bool {
	if len(s) != 43 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
