"""After the vote: objections during publicity (公示), implementation (实施), spend and the
finance office's confirmations and disbursements."""
