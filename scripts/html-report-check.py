#!/usr/bin/env python3
"""Opens preflight's HTML reports in a real browser (Debian's Chromium through chromedriver and
Selenium) and checks what a person would see. Run by scripts/integration-test.sh.

Usage: html-report-check.py CHECK.html CHECK.json JOB.html JOB.json SCREENSHOT.png
  CHECK.json / JOB.json are the same runs' JSON reports: the page's counts must equal theirs.
Checks, with JavaScript on: no console errors; one card per file; the header's counts; every
thumbnail decoded (naturalWidth > 0); the status, rule and name filters hide and show the right
cards; the focus map toggles. With JavaScript off: every card shows, the filter controls are hidden
(they would do nothing), thumbnails decode and the focus map still toggles (it is a CSS checkbox).
"""
import json, pathlib, sys
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

check_html, check_json, job_html, job_json, screenshot = sys.argv[1:6]
failures = []


def expect(condition, message):
    if not condition:
        failures.append(message)
        print("  FAIL:", message)


def browser(javascript=True):
    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1800", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def visible_cards(driver):
    return [card for card in driver.find_elements(By.CSS_SELECTOR, "article.card") if card.is_displayed()]


def images_decoded(driver):
    return driver.execute_script(
        "return Array.prototype.map.call(document.images, function(i){return [i.complete && i.naturalWidth > 0, i.alt]})") \
        if driver.execute_script("return 1") == 1 else None


def check_page(driver, path, report, what):
    driver.get(pathlib.Path(path).resolve().as_uri())
    errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    expect(not errors, f"{what}: console errors: {errors}")
    cards = driver.find_elements(By.CSS_SELECTOR, "article.card")
    return cards


# --- check report, JavaScript on ----------------------------------------------------------------
summary = json.load(open(check_json))["summary"]
driver = browser()
try:
    cards = check_page(driver, check_html, summary, "check")
    expect(len(cards) == summary["files"], f"check: {len(cards)} cards for {summary['files']} files")
    for key, name in (("files", "files"), ("passed", "pass"), ("warned", "warn"), ("failed", "fail")):
        shown = driver.find_element(By.CSS_SELECTOR, f'[data-count="{name}"]').text.split()[0]
        expect(int(shown) == summary[key], f"check: header says {shown} for {key}, the JSON report {summary[key]}")
    decoded = driver.execute_script("return Array.prototype.map.call(document.images, function(i){return i.complete && i.naturalWidth > 0})")
    expect(len(decoded) > 0 and all(decoded), f"check: {decoded.count(False)} of {len(decoded)} thumbnails did not decode")
    expect(driver.find_element(By.ID, "filters").is_displayed(), "check: the filters are hidden with JavaScript on")

    # Status filter: without "fail", no failing card shows and every other one does.
    driver.find_element(By.CSS_SELECTOR, 'input[name=status][value=fail]').click()
    shown = visible_cards(driver)
    expect(len(shown) == summary["passed"] + summary["warned"], f"check: {len(shown)} cards without 'fail', expected {summary['passed'] + summary['warned']}")
    expect(all(card.get_attribute("data-status") != "fail" for card in shown), "check: a failing card shows with 'fail' unticked")
    driver.find_element(By.CSS_SELECTOR, 'input[name=status][value=fail]').click()
    expect(len(visible_cards(driver)) == summary["files"], "check: ticking 'fail' again does not bring every card back")

    # Rule filter: only cards with that rule's finding.
    rule = "image.min-side"
    Select(driver.find_element(By.NAME, "rule")).select_by_visible_text(rule)
    shown = visible_cards(driver)
    expected = [card for card in cards if rule in card.get_attribute("data-rules").split()]
    expect(len(shown) == len(expected) > 0, f"check: rule filter shows {len(shown)} cards, {len(expected)} have {rule}")
    Select(driver.find_element(By.NAME, "rule")).select_by_index(0)

    # Name search.
    driver.find_element(By.NAME, "q").send_keys("too-long")
    shown = visible_cards(driver)
    expect(len(shown) == 1 and "too-long" in shown[0].get_attribute("data-name"), f"check: search shows {len(shown)} cards")
    driver.find_element(By.NAME, "q").clear()
    driver.find_element(By.NAME, "q").send_keys(" ")
    driver.find_element(By.NAME, "q").clear()

    # Focus map: hidden, shown by its toggle, hidden again.
    heat = driver.find_element(By.CSS_SELECTOR, ".thumb .heat")
    label = driver.find_element(By.CSS_SELECTOR, "label.heat-label")
    expect(not heat.is_displayed(), "check: the focus map shows before it is asked for")
    label.click()
    expect(heat.is_displayed(), "check: the focus map does not show when toggled")
    driver.save_screenshot(screenshot)
    label.click()
    expect(not heat.is_displayed(), "check: the focus map does not hide again")
finally:
    driver.quit()

# --- check report, JavaScript off ---------------------------------------------------------------
driver = browser(javascript=False)
try:
    driver.get(pathlib.Path(check_html).resolve().as_uri())
    expect(len(visible_cards(driver)) == summary["files"], "no JavaScript: not every card shows")
    expect(not driver.find_element(By.ID, "filters").is_displayed(), "no JavaScript: filter controls show that cannot work")
    widths = [image.get_property("naturalWidth") for image in driver.find_elements(By.TAG_NAME, "img")]
    expect(widths and all(width > 0 for width in widths), "no JavaScript: a thumbnail does not decode")
    heat = driver.find_element(By.CSS_SELECTOR, ".thumb .heat")
    driver.find_element(By.CSS_SELECTOR, "label.heat-label").click()
    expect(heat.is_displayed(), "no JavaScript: the focus map does not toggle")
finally:
    driver.quit()

# --- job report ---------------------------------------------------------------------------------
job = json.load(open(job_json))
driver = browser()
try:
    cards = check_page(driver, job_html, job, "job")
    expect(len(cards) == len(job["inputs"]), f"job: {len(cards)} cards for {len(job['inputs'])} inputs")
    groups = [heading.text for heading in driver.find_elements(By.CSS_SELECTOR, ".group h3")]
    roles = sorted(set(entry["role"] for entry in job["inputs"]))
    grouped = sorted(role for group in groups for role in group.split(" · "))
    expect(grouped == roles, f"job: role groups {groups}, inputs' roles {roles}")
    if "start-frame" in roles and "end-frame" in roles:
        expect("start-frame · end-frame" in groups, f"job: start and end frames are not side by side: {groups}")
    expect(len(driver.find_elements(By.CSS_SELECTOR, ".prompt mark")) > 0, "job: nothing marked in the prompt")
    decoded = driver.execute_script("return Array.prototype.map.call(document.images, function(i){return i.complete && i.naturalWidth > 0})")
    expect(decoded and all(decoded), "job: a thumbnail does not decode")
finally:
    driver.quit()

if failures:
    sys.exit(f"html-report-check: {len(failures)} problem(s)")
print(f"html-report-check: check page {summary['files']} cards, job page {len(job['inputs'])} inputs; screenshot {screenshot}")
