"""The command line's check names a week's stale figures and last week's headline."""


def test_the_cli_check_prints_the_freshness_warnings(cli, demo_path):
    assert cli("new-issue", "--from", "latest", "--db", demo_path).returncode == 0
    done = cli("check", "2", "--db", demo_path)
    assert done.returncode == 0, done.stderr
    assert "[比较表]" in done.stdout and "PE 2024E" in done.stdout
    assert "[标题]" in done.stdout and "第 1 期" in done.stdout
