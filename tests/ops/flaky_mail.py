from django.core.mail.backends.locmem import EmailBackend


class FlakyEmailBackend(EmailBackend):
    """The test outbox, behind an SMTP server that can be switched off."""

    down = False

    def send_messages(self, messages):
        if FlakyEmailBackend.down:
            raise ConnectionRefusedError(111, "Connection refused")
        return super().send_messages(messages)
