from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "accord.members"
    label = "members"
    verbose_name = "Members"

    def ready(self) -> None:
        from accord.members import public_ids, token_cache

        token_cache.connect()
        public_ids.register_converters()
