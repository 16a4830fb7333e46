package cortege

import (
	"sync"
	"sync/atomic"
	"time"
)

// Zones read so far, by name: time.LoadLocation reads and parses the
// zone's file on every call (tens of microseconds), and a list or a feed
// asks for an event's zone once per event (the ICS feed of 400 events
// spent 30 ms there).
var (
	zones     sync.Map // name → *time.Location
	zoneCount atomic.Int32
)

// maxZones bounds the names kept (the zone database has about 600).
const maxZones = 2000

// LoadLocation is time.LoadLocation, with the zones already read kept in
// memory. Only names that load are kept.
func LoadLocation(name string) (*time.Location, error) {
	if l, ok := zones.Load(name); ok {
		return l.(*time.Location), nil
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	if zoneCount.Load() < maxZones {
		if _, loaded := zones.LoadOrStore(name, l); !loaded {
			zoneCount.Add(1)
		}
	}
	return l, nil
}
