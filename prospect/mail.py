"""Outgoing mail through the task queue: one task per message, retried while SMTP is away."""

import smtplib

from django.core.mail import EmailMessage

from .tasks import background, enqueue

# About 4¼ hours of retries (1, 2, 4, … 60 minutes) before a message is recorded as failed.
SMTP_RETRIES = 9


@background(retries=SMTP_RETRIES, retry_on=(OSError, smtplib.SMTPException), queue_name="mail")
def send_message(subject, body, to, from_email=None):
    EmailMessage(subject, body, from_email=from_email, to=to).send()


def queue_messages(messages):
    """Queue each EmailMessage on its own, so a retry never sends one twice."""
    for message in messages:
        enqueue(send_message, message.subject, message.body, message.to, message.from_email)
    return len(messages)
