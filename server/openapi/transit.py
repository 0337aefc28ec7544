"""Schemas of the public-transport endpoints: the published timetable and its imports."""

FEED_REPORT = {"type": "object", "properties": {
    "name": {"type": "string"}, "trips": {"type": "integer"}, "stops": {"type": "integer"},
    "licence": {"type": "string"}, "fictional": {"type": "boolean"},
    "warnings": {"type": "array", "items": {"type": "string"}}}}
SUMMARY = {"type": "object", "required": ["version", "valid_from", "valid_to", "feeds"],
           "properties": {"version": {"type": "string"}, "generated_at": {"type": "string"},
                          "valid_from": {"type": "string"}, "valid_to": {"type": "string"},
                          "size": {"type": "integer"}, "gzip_size": {"type": "integer"},
                          "stops": {"type": "integer"}, "trips": {"type": "integer"},
                          "feeds": {"type": "array", "items": FEED_REPORT}}}
TIMETABLE = {"type": "object", "description": "The compact timetable (docs/transit.md).",
             "required": ["version", "format", "start", "days", "feeds", "stops", "trips"]}
_TEXT = {"type": "string", "maxLength": 500}
IMPORT_URL = {"type": "object", "required": ["url", "name"], "properties": {
    "url": {**_TEXT, "description": "http(s) address of a GTFS zip"},
    "name": {"type": "string", "minLength": 1, "maxLength": 80},
    "licence": {"type": "string", "maxLength": 200}, "licence_url": _TEXT}}
IMPORT_FILE = {"type": "object", "required": ["file", "name"], "properties": {
    "file": {"type": "string", "format": "binary"}, "name": IMPORT_URL["properties"]["name"],
    "licence": IMPORT_URL["properties"]["licence"], "licence_url": _TEXT}}


def paths(op, json_response) -> dict:
    """Return the transit paths, built with the document's own helpers."""
    etag = {"ETag": {"description": "The timetable's version", "schema": {"type": "string"}}}
    upload = op("transit_import", "Import one GTFS feed (a zip or its URL) under its name, "
                "then publish the timetable again (coordinator).", json_response(SUMMARY),
                (400, 413, 415, 422))
    upload["requestBody"] = {"required": True, "content": {
        "application/json": {"schema": IMPORT_URL},
        "multipart/form-data": {"schema": IMPORT_FILE}}}
    return {
        "/api/transit": {"get": op(
            "transit_summary", "The published timetable: version, validity, feeds, licences.",
            json_response(SUMMARY), (404,), security=[])},
        "/api/transit/timetable": {"get": op(
            "transit_timetable", "The compact timetable of the territory (gzip, ETag).",
            json_response(TIMETABLE, headers=etag), (404,), security=[],
            extra={"304": {"description": "Not modified"}})},
        "/api/transit/import": {"post": upload},
        "/api/transit/feeds/{name}": {"delete": op(
            "transit_remove_feed", "Forget one feed and publish the timetable without it "
            "(coordinator); published is null when no feed is left.",
            json_response({"type": "object", "required": ["removed", "published"], "properties": {
                "removed": {"type": "string"},
                "published": {"anyOf": [SUMMARY, {"type": "null"}]}}}), (400, 404),
            params=[{"name": "name", "in": "path", "required": True,
                     "schema": {"type": "string", "minLength": 1, "maxLength": 80}}])},
    }
