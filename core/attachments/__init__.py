"""Photos and files on records (issue 11): one Attachment model (core.models) on any record that
declares an `AttachmentHolder`, checked by size and content (checks), stored through the record's
workflow (services), listed and printed (core/templatetags/attachments.py), served by views that
reuse the record's visibility rule (views).

Modules: checks (limits and content types), holders (which records, which rules), forms, services,
selectors, views. Import from the module that defines a name; this package re-exports nothing, so
importing it loads neither Pillow nor the models.
"""
