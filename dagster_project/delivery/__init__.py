"""Delivery: publishing the warehouse and rendering partner statements."""
