#!/bin/sh
# Scores a message the service wrote (an .eml from the pickup folder, or one saved from smtp4dev) with SpamAssassin's
# local rules only (-L: no DNS blocklists, no network), as a receiving server would see it after a direct send:
# a Received header naming the EHLO name (Smtp:LocalDomain) and the sending address is put on top first.
#   apt-get install spamassassin
#   deploy/spamassassin-score.sh src/DigestMailer/data/outbox/<file>.eml mail.example.org 203.0.113.10
# Prints the score and the rules that fired. -L checks no DKIM (that needs DNS); pass a routable address: documentation
# ranges such as 203.0.113.0/24 fire RCVD_ILLEGAL_IP (1.3 points) by themselves.
set -eu
message=$1
helo=${2:-mail.example.org}
address=${3:-203.0.113.10}
{
  printf 'Received: from %s (%s [%s])\r\n\tby mx.example.net (Postfix) with ESMTPS id 4ABCD1234;\r\n\t%s\r\n' \
    "$helo" "$helo" "$address" "$(date -R)"
  cat "$message"
} | spamassassin -L -t 2>/dev/null | sed -n '/^Content analysis details/,$p'
