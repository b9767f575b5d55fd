-- 0019: name keys of issue 18's second round (R.A. and M.A. read whole with
-- their dots, Ns. and other titles and degrees, Hokkien ouw, auw and a final
-- ee).  As in 0011, the keys of members and open applications are recomputed
-- from their names by kartu_name_key(); the members' search index follows
-- through the triggers of 0017.  (0018 is another branch's.)
UPDATE members SET name_key = kartu_name_key(name);
UPDATE applications SET name_key = kartu_name_key(name);
