from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "accord.members"
    label = "members"
    verbose_name = "Members"

    def ready(self) -> None:
        from accord.members import token_cache

        token_cache.connect()
