-- Replies being generated are found through this index: the chat route checks its user's on
-- every request (lib/chat/stale-replies.ts), which otherwise walked all of the user's messages.
CREATE INDEX "Message_status_idx" ON "Message"("status");
