"""Consultation (意见征集): topics, opinions, questionnaires, feedback."""
