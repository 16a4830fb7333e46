package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/imaging"
)

// Variant names a derivative of an uploaded picture drawn for link
// previews: always a JPEG of one fixed size, so a page can declare its
// width and height without opening the file.
type Variant string

// The variants previews use: the 1.91:1 card of Open Graph's large
// preview (event pictures, group banners) and a square (avatars).
const (
	VariantCard   Variant = "card"
	VariantSquare Variant = "square"
)

// Size is the variant's width and height in pixels.
func (v Variant) Size() (w, h int) {
	if v == VariantSquare {
		return imaging.SquareSide, imaging.SquareSide
	}
	return imaging.CardWidth, imaging.CardHeight
}

// ParseVariant returns the variant named s.
func ParseVariant(s string) (Variant, bool) {
	switch v := Variant(s); v {
	case VariantCard, VariantSquare:
		return v, true
	}
	return "", false
}

// VariantName is the file name under which upload's variant v is served
// (/uploads/v/NAME): the upload's hash, always ".jpg".
func VariantName(upload string) string {
	hash, _, _ := strings.Cut(upload, ".")
	return hash + ".jpg"
}

// variantPath is where upload's variant v is kept: beside the upload.
func (s *Service) variantPath(upload string, v Variant) string {
	p := s.UploadPath(upload)
	if p == "" {
		return ""
	}
	hash, _, _ := strings.Cut(filepath.Base(p), ".")
	return filepath.Join(filepath.Dir(p), hash+"."+string(v)+".jpg")
}

// UploadVariant returns the file of variant v of the upload served as name
// (VariantName), under the upload's access check (OpenUpload), drawing it
// first when the upload predates variants or was stored without this one.
// ENOTFOUND when no such upload exists or the actor may not see it.
func (s *Service) UploadVariant(ctx context.Context, a cortege.Actor, name string, v Variant, link EventRef) (*UploadFile, error) {
	hash, ext, _ := strings.Cut(name, ".")
	if ext != "jpg" {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
	}
	for _, e := range []string{".jpg", ".png"} {
		upload := hash + e
		vp := s.variantPath(upload, v)
		if vp == "" {
			break
		}
		if _, err := os.Stat(s.UploadPath(upload)); err != nil {
			continue
		}
		f, err := s.OpenUpload(ctx, a, upload, link)
		if err != nil {
			return nil, err
		}
		f.Path, f.ContentType = vp, "image/jpeg"
		if _, err := os.Stat(vp); err == nil {
			return f, nil
		}
		data, err := os.ReadFile(s.UploadPath(upload))
		if err != nil {
			return nil, err
		}
		var drawn []*imaging.Result
		err = s.images.Do(ctx, data, func(_ *imaging.Header, src image.Image) error {
			drawn, err = drawVariants(src, []Variant{v})
			return err
		})
		if err != nil {
			return nil, imageError("", err)
		}
		if _, err := s.storeImage(ctx, &imaging.Result{Hash: hash, Ext: e}, []Variant{v}, drawn); err != nil {
			return nil, err
		}
		return f, nil
	}
	return nil, cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
}

// InstanceCardKey names the current instance card: it changes when the
// name, the tagline or the address shown on it change, so its URL can be
// cached for ever.
func (s *Service) InstanceCardKey(set cortege.InstanceSettings) string {
	name, tagline, host := s.cardText(set)
	sum := sha256.Sum256([]byte("card-v1\x00" + name + "\x00" + tagline + "\x00" + host))
	return hex.EncodeToString(sum[:8])
}

func (s *Service) cardText(set cortege.InstanceSettings) (name, tagline, host string) {
	if u, err := url.Parse(s.cfg.BaseURL); err == nil {
		host = u.Host
	}
	tagline = strings.Join(strings.Fields(set.Description), " ")
	if r := []rune(tagline); len(r) > 300 {
		tagline = string(r[:300]) // the card shows three lines at most
	}
	return set.Name, tagline, host
}

// InstanceCard returns the file of the picture previews show for pages
// without one of their own (imaging.InstanceCard), drawn once per key and
// kept under the uploads directory; key is InstanceCardKey's.
func (s *Service) InstanceCard(ctx context.Context) (path, key string, err error) {
	set, err := s.Settings(ctx)
	if err != nil {
		return "", "", err
	}
	key = s.InstanceCardKey(set)
	path = filepath.Join(s.cfg.UploadsDir, "cards", "instance-"+key+".png")
	if _, err := os.Stat(path); err == nil {
		return path, key, nil
	}
	res, err := imaging.InstanceCard(s.cardText(set))
	if err != nil {
		return "", "", err
	}
	return path, key, writeFileAtomic(path, res.Data)
}
