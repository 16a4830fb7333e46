package web

import (
	"net/http"
	"strings"

	"codeberg.org/cortege/cortege/internal/service"
)

// groupPathKinds names the kind of object a wildcard under /@handle/
// stands for, by the segment before it.
var groupPathKinds = map[string]string{
	"posts":       service.PathPost,
	"discussions": service.PathDiscussion,
	"messages":    service.PathMessage,
	"lists":       service.PathTaskList,
	"tasks":       service.PathTask,
	"resources":   service.PathResource,
	"invitations": service.PathInvitation,
}

// groupPathObjects lists the objects the request's address names under its
// group, read from the route's pattern ("POST /{handle}/discussions/{id}/
// messages/{mid}/delete": a discussion, then a message in it), so that
// an address mixing groups is not found (atHandler).
func groupPathObjects(r *http.Request) []service.GroupPathObject {
	_, pattern, _ := strings.Cut(r.Pattern, " ")
	segs := strings.Split(strings.Trim(pattern, "/"), "/")
	var out []service.GroupPathObject
	parent := ""
	for i := 1; i < len(segs); i++ {
		name, ok := strings.CutPrefix(segs[i], "{")
		if !ok || name == "handle}" {
			continue
		}
		kind, known := groupPathKinds[segs[i-1]]
		if !known {
			continue
		}
		id := r.PathValue(strings.TrimSuffix(name, "}"))
		o := service.GroupPathObject{Kind: kind, ID: id}
		if kind == service.PathMessage {
			o.Parent = parent
		}
		if kind == service.PathDiscussion {
			parent = id
		}
		out = append(out, o)
	}
	return out
}
