from django.apps import AppConfig


class LanguagesConfig(AppConfig):
    name = "accord.languages"
    label = "languages"
    verbose_name = "Language versions"

    def ready(self) -> None:
        from accord.languages.amendment_wordings import carry_versions, check_amendment_wordings
        from accord.languages.gate import require_versions_ready, text_with_versions
        from accord.languages.selectors import working_and_versions
        from accord.negotiation import language_versions, services
        from accord.negotiation.services import procedures

        if require_versions_ready not in procedures.ADOPTION_GATES:
            procedures.ADOPTION_GATES.append(require_versions_ready)
        if text_with_versions not in procedures.ADOPTION_TEXTS:
            procedures.ADOPTION_TEXTS.append(text_with_versions)
        if check_amendment_wordings not in services.AMENDMENT_WORDINGS:
            services.AMENDMENT_WORDINGS.append(check_amendment_wordings)
        if carry_versions not in services.REVISION_FOLLOWERS:
            services.REVISION_FOLLOWERS.append(carry_versions)
        if working_and_versions not in language_versions.READERS:
            language_versions.READERS.append(working_and_versions)
