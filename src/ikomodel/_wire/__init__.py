"""The wire: converters, generated fast paths, the msgspec mirror, files and JSON Schemas.

How records cross a process boundary. Every engine here reads the records'
fields through one map (:mod:`ikomodel._wire.fields`); the strict cattrs
converter is the authority on what is valid.
"""
