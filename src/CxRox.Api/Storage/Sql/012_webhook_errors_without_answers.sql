-- Earlier versions recorded, in a failed delivery's last_error, the start of the receiver's answer
-- and the network error's own text: what an internal service answered could be read back, and
-- "connection refused" told a closed port from a filtered one. The service now records only the
-- status code and a few words of its own (Webhooks/WebhookTransport.cs); this rewrites what was
-- recorded before in the same words. Errors of the service's own making are kept.
UPDATE webhook_deliveries
SET last_error = CASE
    WHEN last_status_code IS NOT NULL THEN 'receiver answered ' || last_status_code
    ELSE 'connection failed or timed out'
END
WHERE last_error IS NOT NULL
  AND last_error NOT LIKE 'The webhook was turned off%'
  AND last_error NOT LIKE 'The delivery could not be scheduled%';
