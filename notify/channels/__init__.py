"""Adapters for the outward channels: SMS providers (Alibaba Cloud, Tencent Cloud) and SMTP."""
