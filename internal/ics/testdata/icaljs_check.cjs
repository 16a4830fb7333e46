// Parses an iCalendar document from stdin with Mozilla's ical.js and prints
// what a calendar application would show for each event, as JSON.
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
  const out = comp.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      summary: e.summary,
      location: e.location || '',
      status: v.getFirstPropertyValue('status'),
      sequence: e.sequence,
      tzid: e.startDate.zone ? e.startDate.zone.tzid : '',
      start: e.startDate.toJSDate().toISOString(),
      end: e.endDate.toJSDate().toISOString(),
      startLocal: e.startDate.toString(),
      method: comp.getFirstPropertyValue('method') || '',
      organizer: v.getFirstPropertyValue('organizer') || '',
      organizerCN: (v.getFirstProperty('organizer') && v.getFirstProperty('organizer').getParameter('cn')) || '',
      attendees: v.getAllProperties('attendee').map((a) => a.getFirstValue()),
      comment: v.getFirstPropertyValue('comment') || '',
      description: e.description || '',
    };
  });
  process.stdout.write(JSON.stringify(out));
});
