from django.apps import AppConfig


class LanguagesConfig(AppConfig):
    name = "accord.languages"
    label = "languages"
    verbose_name = "Language versions"

    def ready(self) -> None:
        from accord.languages.gate import require_versions_ready, text_with_versions
        from accord.negotiation.services import procedures

        if require_versions_ready not in procedures.ADOPTION_GATES:
            procedures.ADOPTION_GATES.append(require_versions_ready)
        if text_with_versions not in procedures.ADOPTION_TEXTS:
            procedures.ADOPTION_TEXTS.append(text_with_versions)
