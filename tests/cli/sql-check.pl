#!/usr/bin/perl
# tests/cli/sql-check.pl - the SQL statements of C files, and what in them is
# SQLite's only (tests/cli/sql-portable.t; tests/cli/sql-pg.t prepares them on
# PostgreSQL).  Run from the top of a tree:
#
#   perl sql-check.pl ALLOW CHECKS FILE.c...   each finding as "# FILE:LINE: what"
#                                             on stdout, exit 1 if any
#   perl sql-check.pl --dump FILE.c...         each statement as FILE:LINE<TAB>SQL
#
# A statement is a run of adjacent string literals (C joins them) and string
# macros (#define NAME "..." in the files or in src/*/*.h, expanded), written
# with an SQL keyword in capitals.  CHECKS is NAME<TAB>regex lines; ALLOW is
# FILE<TAB>NAME<TAB>why lines.
use strict;
use warnings;
my $dump = @ARGV && $ARGV[0] eq '--dump';
shift @ARGV if $dump;
my ($allowf, $checksf) = $dump ? ('', '') : splice @ARGV, 0, 2;
my @files = @ARGV;
my (%allow, @checks, $bad, $n);
if (!$dump) {
	open my $a, '<', $allowf or die "$allowf: $!";
	while (<$a>) { chomp; my ($f, $c) = split /\t/; $allow{"$f\t$c"} = 0; }
	open my $c, '<', $checksf or die "$checksf: $!";
	while (<$c>) { chomp; my ($k, $re) = split /\t/, $_, 2; push @checks, [$k, qr/$re/i]; }
}

# C tokens: [kind, text, line], kind s (string literal), i (identifier), p.
sub tokens {
	my ($src) = @_;
	my @t;
	my ($i, $line, $len) = (0, 1, length $src);
	while ($i < $len) {
		my $ch = substr $src, $i, 1;
		if ($ch eq "\n") { $line++; $i++; }
		elsif ($ch eq "\\" && substr($src, $i + 1, 1) eq "\n") { $line++; $i += 2; }
		elsif ($ch =~ /\s/) { $i++; }
		elsif (substr($src, $i, 2) eq '/*') {
			my $e = index $src, '*/', $i + 2;
			$e = $len if $e < 0;
			$line += (substr($src, $i, $e - $i) =~ tr/\n//);
			$i = $e + 2;
		} elsif (substr($src, $i, 2) eq '//') {
			my $e = index $src, "\n", $i;
			$i = $e < 0 ? $len : $e;
		} elsif ($ch eq "'" || $ch eq '"') {
			my ($j, $s) = ($i + 1, '');
			while ($j < $len && substr($src, $j, 1) ne $ch) {
				my $d = substr $src, $j, 1;
				if ($d eq "\\") {
					my $x = substr $src, $j + 1, 1;
					$s .= $x eq 'n' ? "\n" : $x eq 't' ? "\t" : $x;
					$line++ if $x eq "\n";
					$j += 2;
				} else { $s .= $d; $j++; }
			}
			push @t, [$ch eq '"' ? 's' : 'p', $s, $line];
			$i = $j + 1;
		} elsif (substr($src, $i, 64) =~ /^(\w+)/) {
			push @t, ['i', $1, $line];
			$i += length $1;
		} else { push @t, ['p', $ch, $line]; $i++; }
	}
	return @t;
}

# #define NAME "..." OTHER "...": string macros, expanded where used.
my %macro;
for my $f (@files, glob('src/core/*.h src/web/*.h src/cli/*.h')) {
	open my $h, '<', $f or die "$f: $!";
	local $/;
	my $src = <$h>;
	while ($src =~ /^[ \t]*#[ \t]*define[ \t]+(\w+)[ \t]+((?:[^\n]*\\\n)*[^\n]*)/mg) {
		my ($name, $body) = ($1, $2);
		my @t = tokens($body);
		next unless @t && !grep { $_->[0] eq 'p' } @t;
		$macro{$name} = join '', map { $_->[0] eq 's' ? $_->[1] : "\0$_->[1]\0" } @t;
	}
}
sub expand {
	my ($s, $depth) = @_;
	$s =~ s/\0(\w+)\0/exists $macro{$1} && $depth < 5 ? expand($macro{$1}, $depth + 1) : " $1 "/ge;
	return $s;
}
sub flag { my ($f, $l, $what) = @_; print "# $f:$l: $what\n"; $bad++; }

for my $f (@files) {
	open my $h, '<', $f or die "$f: $!";
	local $/;
	my $src = <$h>;
	# Preprocessor lines are not statements: blank them, keeping the lines.
	$src =~ s/^([ \t]*#(?:[^\n]*\\\n)*[^\n]*)/my $x = $1; $x =~ s|[^\n]||g; $x/mge;
	my (@groups, $g);
	for my $tk (tokens($src)) {
		if ($tk->[0] eq 's' || ($tk->[0] eq 'i' && exists $macro{$tk->[1]})) {
			if (!$g) { $g = { line => $tk->[2], text => '' }; push @groups, $g; }
			$g->{text} .= $tk->[0] eq 's' ? $tk->[1] : "\0$tk->[1]\0";
		} else { $g = undef; }
	}
	for my $gr (@groups) {
		my $sql = expand($gr->{text}, 0);
		my $l = $gr->{line};
		(my $code = $sql) =~ s/'[^']*'/''/g;	# not inside SQL strings
		# SQL is written in capitals here; a message or a format is not SQL.
		next unless $sql =~ /\b(SELECT|INSERT|UPDATE|DELETE|PRAGMA|REPLACE INTO|VALUES)\b/
		    && $code !~ /%[-0-9.]*(s|d|lld|zu)\b/;
		$n++;
		(my $one = $sql) =~ s/\s+/ /g;
		if ($dump) { print "$f:$l\t$one\n"; next; }
		$one = substr $one, 0, 120;
		for my $ck (@checks) {
			my ($k, $re) = @$ck;
			next unless ($k eq 'double-quoted' || $k eq 'printf' ? $sql : $code) =~ $re;
			if (exists $allow{"$f\t$k"}) { $allow{"$f\t$k"}++; next; }
			flag($f, $l, "$k: $one");
		}
		# A 0/1 flag of the schema where PostgreSQL wants a boolean.
		flag($f, $l, "integer as boolean: $1")
		    if $code =~ /\b(?:WHERE|AND|OR|NOT|WHEN)\s+((?:\w+\.)?(?:active|outside_hours|local|incomplete|guardian|institution|phone_changed|phone_verified))\b(?!\s*(?:=|<>|<|>|!=|IS\b|IN\b|BETWEEN\b|LIKE\b))/i;
		# sum() of a comparison: PostgreSQL has no sum(boolean).
		flag($f, $l, "sum of a boolean")
		    if $code =~ /\bsum\s*\(\s*(?!CASE\b)((?:[^()]|\((?:[^()]|\([^()]*\))*\))*)\)/i
		    && $1 =~ /(=|<|>|\bIS\b|\bEXISTS\b|\bIN\b)/i;
		# EXISTS as a value: a boolean in PostgreSQL.
		flag($f, $l, "EXISTS as a value")
		    if $code =~ /(?:\bSELECT|,)\s*(?:NOT\s+)?EXISTS\s*\(/i;
		# A parameter first met in ?N IS NULL: PostgreSQL cannot tell its
		# type (CAST(?N AS TEXT) IS NULL can).
		my ($next, %met) = (1);
		while ($code =~ /\?(\d*)/g) {
			my $k = $1 ne '' ? $1 : $next;
			$next = $k + 1;
			next if $met{$k}++;
			flag($f, $l, "parameter ?$k of unknown type (IS NULL)")
			    if substr($code, pos($code)) =~ /^\s*IS\s+(?:NOT\s+)?NULL\b/i;
		}
		# A subquery in FROM needs an alias in PostgreSQL 15.
		while ($code =~ /(?<!DISTINCT )\b(?:FROM|JOIN)\s*\(/gi) {
			my ($pos, $depth) = (pos($code), 1);
			while ($pos < length $code && $depth > 0) {
				my $ch = substr $code, $pos++, 1;
				$depth++ if $ch eq '(';
				$depth-- if $ch eq ')';
			}
			flag($f, $l, "subquery in FROM without an alias")
			    if substr($code, $pos) !~ /^\s*(?:AS\s+)?(?!(?:WHERE|ORDER|GROUP|LIMIT|UNION|JOIN|LEFT|ON|HAVING)\b)\w+/i;
			pos($code) = $pos;
		}
	}
}
for my $k (sort keys %allow) {
	next if $allow{$k};
	my ($f, $c) = split /\t/, $k;
	flag($f, 0, "allow-list: $c matches nothing here: remove it");
}
print "# $n statements read\n" unless $dump;
exit($bad ? 1 : 0);
