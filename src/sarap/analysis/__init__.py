"""Event analysis (DESIGN §3), computed from the records: events as rows (frames), counts,
casualties and the verbal/physical ratio (aggregations), periodisations (periods), the response
lag, and the GTI-method index (gti). Tables for the CLI and the web come from `tables`."""
