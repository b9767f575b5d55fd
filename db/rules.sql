-- db/rules.sql - the rules of the member-card service as data.
--
-- Loaded by 'kartu init' (built in) or 'kartu init --rules FILE' (a library's
-- own copy of this file).  Loading again updates rows in place, so a library
-- can change a category, a document or its list of universities without
-- recompiling.  Source: the service standard, ../shared/PROCEDURE.md.

INSERT INTO settings (key, value) VALUES
	('library_code', '6205'),	-- Kalimantan Tengah 62, Barito Utara 05
	('library_name', 'Dinas Kearsipan dan Perpustakaan Kabupaten Barito Utara'),
	('library_address', 'Jl. Durian No. 24, Muara Teweh 73811'),
	('member_no_format', '{lib}{yy}{seq:6}'),
	-- whose universities' students are served (category mahasiswa)
	('regency', 'Kabupaten Barito Utara'),
	-- what a member may show to replace a lost or damaged card
	('replacement_documents', 'ktp,sim,kartu-pelajar,kartu-anggota-lama')
ON CONFLICT (key) DO UPDATE SET value = excluded.value;

-- format: how the number on the document is checked (see src/valid.h).
INSERT INTO documents (code, name, format) VALUES
	('kk', 'Kartu Keluarga', 'kk'),
	('kartu-pelajar', 'Kartu Pelajar (NISN)', 'nisn'),
	('ktm', 'Kartu Tanda Mahasiswa', 'text'),
	('ktp', 'Kartu Tanda Penduduk (NIK)', 'nik'),
	('sim', 'Surat Izin Mengemudi', 'sim'),
	('kartu-pegawai', 'Kartu Pegawai', 'text'),
	('kartu-anggota-lama', 'Kartu Anggota Lama', 'text')
ON CONFLICT (code) DO UPDATE SET name = excluded.name, format = excluded.format;

-- valid_months: how long a card issued in the category stays valid.
INSERT INTO categories (code, name, institution, guardian, valid_months, position) VALUES
	('paud-tk', 'PAUD / TK', 'optional', 1, 24, 1),
	('sd-sma', 'SD - SMA', 'required', 0, 36, 2),
	('mahasiswa', 'Mahasiswa', 'local', 0, 36, 3),
	('pegawai', 'Pegawai', 'optional', 0, 60, 4),
	('umum', 'Umum', 'none', 0, 60, 5)
ON CONFLICT (code) DO UPDATE SET name = excluded.name, institution = excluded.institution,
	guardian = excluded.guardian, valid_months = excluded.valid_months,
	position = excluded.position;

DELETE FROM category_documents;
INSERT INTO category_documents (category, document) VALUES
	('paud-tk', 'kk'),
	('sd-sma', 'kartu-pelajar'),
	('mahasiswa', 'ktm'),
	('pegawai', 'ktp'), ('pegawai', 'sim'), ('pegawai', 'kartu-pegawai'),
	('umum', 'ktp'), ('umum', 'sim');

-- Universities: only students of those in the regency (local = 1) are served.
-- The local list is a starting point: the office keeps it current.
INSERT INTO institutions (name, kind, local, aliases) VALUES
	('Sekolah Tinggi Ilmu Ekonomi Muara Teweh', 'university', 1, 'STIE Muara Teweh'),
	('Sekolah Tinggi Agama Islam Muara Teweh', 'university', 1, 'STAI Muara Teweh'),
	('Akademi Keperawatan Muara Teweh', 'university', 1, 'Akper Muara Teweh'),
	('Universitas Palangka Raya', 'university', 0, 'UPR|Univ. Palangka Raya'),
	('Universitas Lambung Mangkurat', 'university', 0, 'ULM|UNLAM'),
	('Institut Agama Islam Negeri Palangka Raya', 'university', 0, 'IAIN Palangka Raya')
ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, local = excluded.local,
	aliases = excluded.aliases;
