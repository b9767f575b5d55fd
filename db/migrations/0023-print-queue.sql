-- 0023: the print queue (src/core/printq.c) reads the printed cards whose
-- print was never verified through this partial index, not by a scan of
-- every card.  No column is added: the tests that set the version back run
-- it again, hence IF NOT EXISTS.
CREATE INDEX IF NOT EXISTS cards_to_print ON cards (id) WHERE printed_at IS NULL AND
	media <> 'chip';
