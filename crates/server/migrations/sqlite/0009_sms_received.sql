-- ACT-4, ACT-5: each inbound text by the gateway's id, so a retried or replayed delivery is
-- answered from its first outcome and books nothing again.
CREATE TABLE sms_received (
    council TEXT NOT NULL,
    message_id TEXT NOT NULL,
    outcome TEXT NOT NULL,
    reply TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (council, message_id)
);
