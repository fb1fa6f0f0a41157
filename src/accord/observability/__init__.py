"""What operators see of a running Accord: Prometheus metrics (`metrics`) and structured
JSON logs carrying each request's id (`logs`). Neither imports Django, so the ledger, the
event stream and the site can all record into them."""
