"""What the `invoke` tasks run: check, new, serve, publish, deploy-s3 (tasks.py stays thin)."""
