"""Key figures for the funders: computed from what was recorded in the field."""
