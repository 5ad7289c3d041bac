"""Automation: the pipeline job, its monthly schedule and the new-files sensor."""
