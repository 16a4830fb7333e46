// Parses an iCalendar document from stdin with Mozilla's ical.js and prints
// what a calendar application would show for each event, as JSON. A
// recurring event (RRULE) also lists its instances as ical.js expands them
// (EXDATE removed, RECURRENCE-ID overrides applied), at most 1000.
// Usage: node icaljs_check.cjs <dir containing node_modules/ical.js>
const path = require('path');
const dir = process.argv[2];
const ICAL = require(path.join(dir, 'node_modules', 'ical.js', 'dist', 'ical.es5.cjs'));
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (c) => { input += c; });
process.stdin.on('end', () => {
  const comp = new ICAL.Component(ICAL.parse(input));
  for (const tz of comp.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.register(tz);
  }
  const iso = (t) => t.toJSDate().toISOString();
  const vevents = comp.getAllSubcomponents('vevent');
  const masters = {};
  for (const v of vevents) {
    if (!v.hasProperty('recurrence-id')) {
      masters[v.getFirstPropertyValue('uid')] = new ICAL.Event(v);
    }
  }
  for (const v of vevents) {
    const m = masters[v.getFirstPropertyValue('uid')];
    if (v.hasProperty('recurrence-id') && m) {
      m.relateException(v);
    }
  }
  const out = vevents.map((v) => {
    const e = new ICAL.Event(v);
    const o = {
      uid: e.uid,
      summary: e.summary,
      location: e.location || '',
      status: v.getFirstPropertyValue('status'),
      sequence: e.sequence,
      tzid: e.startDate.zone ? e.startDate.zone.tzid : '',
      start: iso(e.startDate),
      end: iso(e.endDate),
      startLocal: e.startDate.toString(),
      method: comp.getFirstPropertyValue('method') || '',
      organizer: v.getFirstPropertyValue('organizer') || '',
      organizerCN: (v.getFirstProperty('organizer') && v.getFirstProperty('organizer').getParameter('cn')) || '',
      attendees: v.getAllProperties('attendee').map((a) => a.getFirstValue()),
      comment: v.getFirstPropertyValue('comment') || '',
      description: e.description || '',
      url: v.getFirstPropertyValue('url') || '',
      recurrenceId: e.recurrenceId ? iso(e.recurrenceId) : '',
      rrule: v.hasProperty('rrule') ? v.getFirstPropertyValue('rrule').toString() : '',
      exdates: v.getAllProperties('exdate').map((p) => iso(p.getFirstValue())),
      refresh: comp.getFirstPropertyValue('refresh-interval') ? comp.getFirstPropertyValue('refresh-interval').toString() : '',
      instances: [],
    };
    const m = masters[e.uid];
    if (!e.recurrenceId && m && m.isRecurring()) {
      const it = m.iterator();
      for (let next = it.next(), n = 0; next && n < 1000; next = it.next(), n++) {
        const d = m.getOccurrenceDetails(next);
        o.instances.push({
          recurrenceId: iso(d.recurrenceId),
          start: iso(d.startDate),
          end: iso(d.endDate),
          summary: d.item.summary,
          location: d.item.location || '',
          status: d.item.component.getFirstPropertyValue('status'),
        });
      }
    }
    return o;
  });
  process.stdout.write(JSON.stringify(out));
});
