"""Public-transport timetables: GTFS feeds in, one compact offline timetable out (issue 11)."""
