"""Comments (评论/意见): one comment system shared by proposals and consultation topics.

A domain plugs in by registering a subject kind (see ``subjects.py``); everything else —
posting, replies, stances, official answers, reports, supports, moderation — lives here.
"""
