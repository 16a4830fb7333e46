package web

import (
	"net/http"
	"strconv"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// groupSettingsData is the view model of a group's settings page.
type groupSettingsData struct {
	*groupView
	Values  *groupValues
	MaxMB   int
	Conduct *cortege.GroupConduct
}

// groupValues are the stored values the group form starts from.
type groupValues struct {
	Group                                            *cortege.Group // nil for a new group
	Name, Description, Kind, Tags, Address, Lat, Lon string
	Visibility, JoinMode                             string
	PublicMembers                                    bool
}

func (w *Web) groupSettingsData(r *http.Request) (*groupSettingsData, error) {
	g, err := w.loadGroup(r, "settings")
	if err != nil {
		return nil, err
	}
	if !g.Can(string(cortege.ActEditGroup)) {
		return nil, cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	gr := g.Group
	v := &groupValues{Group: gr, Name: gr.Name, Description: gr.Description, Kind: gr.Kind, Tags: strings.Join(gr.Tags, ", "),
		Address: gr.Address, Visibility: gr.Visibility, JoinMode: gr.JoinMode, PublicMembers: gr.PublicMembers}
	if gr.HasCoords {
		v.Lat = strconv.FormatFloat(gr.Lat, 'f', -1, 64)
		v.Lon = strconv.FormatFloat(gr.Lon, 'f', -1, 64)
	}
	c, err := w.svc.GroupConduct(r.Context(), httpx.Actor(r.Context()), gr.ID)
	if err != nil {
		return nil, err
	}
	return &groupSettingsData{groupView: g, Values: v, MaxMB: maxUploadBytes >> 20, Conduct: c}, nil
}

// handleGroupSettings shows a group's settings to its administrators.
func (w *Web) handleGroupSettings(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.groupSettingsData(r)
	if err != nil {
		return err
	}
	return w.renderG(rw, r, http.StatusOK, "group_settings", "group.settings.title", d, nil)
}

// handleGroupSettingsSave saves a group's fields.
func (w *Web) handleGroupSettingsSave(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.groupSettingsData(r)
	if err != nil {
		return err
	}
	f, err := parseForm(rw, r, "group", groupFormFields...)
	err = checkText(f, err)
	if err == nil {
		var in service.GroupInput
		f.Values["handle"] = d.Group.Handle
		if in, err = groupInput(f); err == nil {
			_, err = w.svc.UpdateGroup(r.Context(), httpx.Actor(r.Context()), d.Group.ID, in)
			err = coordsField(err)
		}
	}
	if err != nil {
		w.placeChoices(f, "address", err)
		return w.formPageG(rw, r, "group_settings", "group.settings.title", d, f, err)
	}
	return w.redirect(rw, r, d.Path()+"/settings?ok=group_saved")
}

// handleGroupImage receives the group's avatar or banner ("field"), or
// removes it with remove=1.
func (w *Web) handleGroupImage(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.groupSettingsData(r)
	if err != nil {
		return err
	}
	field := r.URL.Query().Get("field")
	if field != service.GroupAvatar && field != service.GroupBanner {
		return cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
	}
	f := newForm(field)
	f.Values["image"] = ""
	data, err := readImage(rw, r)
	if err == nil {
		_, err = w.svc.SetGroupImage(r.Context(), httpx.Actor(r.Context()), d.Group.ID, field, data)
	}
	if err != nil {
		if e := cortege.ErrorOf(err); e != nil && e.Field != "" {
			err = invalid("image", e.Message)
		}
		return w.formPageG(rw, r, "group_settings", "group.settings.title", d, f, err)
	}
	return w.redirect(rw, r, d.Path()+"/settings?ok=group_image")
}

// readImage reads the "image" file of a multipart form within the upload
// limit; nil data (no error) asks to remove the picture.
func readImage(rw http.ResponseWriter, r *http.Request) ([]byte, error) {
	r.Body = http.MaxBytesReader(rw, r.Body, maxUploadBytes+64<<10)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		if isTooLarge(err) {
			return nil, invalid("image", "err.upload.too_large")
		}
		if err := r.ParseForm(); err == nil && r.PostForm.Get("remove") != "" {
			return nil, nil
		}
		return nil, invalid("image", "err.image.unsupported")
	}
	defer r.MultipartForm.RemoveAll()
	if r.PostFormValue("remove") != "" {
		return nil, nil
	}
	data, err := readUpload(r, "image")
	if err == nil && data == nil {
		err = invalid("image", "err.image.required")
	}
	return data, err
}

// handleGroupDelete deletes the group once the box is ticked.
func (w *Web) handleGroupDelete(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.groupSettingsData(r)
	if err != nil {
		return err
	}
	f, err := parseForm(rw, r, "delete", "confirm")
	if err == nil && f.V("confirm") != "yes" {
		err = invalid("confirm", "err.confirm.required")
	}
	if err == nil {
		err = w.svc.DeleteGroup(r.Context(), httpx.Actor(r.Context()), d.Group.ID)
	}
	if err != nil {
		return w.formPageG(rw, r, "group_settings", "group.settings.title", d, f, err)
	}
	return w.redirect(rw, r, "/dashboard?ok=group_deleted")
}
