"""Pieces of the OpenAPI document: JSON Schemas derived from the marshmallow schemas."""
