-- 0012: the rules are audited.  Settings, documents, categories, the
-- documents each category accepts and institutions are in the audit trail
-- from now on (their triggers are made by src/store/audit.c on each
-- connection, as for the other audited tables; the pepper's value is kept
-- out), and each load of a rules file leaves a row here, so the log says who
-- loaded which rules file even when it changed nothing.  Rules files are data
-- (db/rules.conf, src/core/rulesfile.c), never SQL.
CREATE TABLE rules_loads (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	operator_id INTEGER REFERENCES operators (id),	-- NULL: the first set-up
	source TEXT NOT NULL				-- the file, or 'built-in'
);
