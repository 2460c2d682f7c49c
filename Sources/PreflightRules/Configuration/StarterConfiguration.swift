/// What `preflight init` writes: every setting, commented, valid as it stands.
public enum StarterConfiguration {
    public static let text = """
    # preflight configuration — checked before media is uploaded to an AI video generator.
    # Docs: README.md. Rule ids: `preflight rules`. Profiles: `preflight profiles`.

    # The target: kling-o1 (default), veo-3, sora-2, runway-gen4, hailuo-02, or a profile defined below.
    profile: kling-o1

    # Which files in the folders you check (globs relative to this file; ** spans folders).
    # include: ["media/**"]
    exclude: ["**/drafts/**"]

    # What each file is for. Without roles a file passes when any role of its kind accepts it;
    # with a role it must pass that role. Values are MODE/ROLE (see `preflight profiles show kling-o1`).
    roles:
    #   "clips/**": edit/source-video
    #   "motion/**": edit/motion-reference
    #   "refs/**": video/reference-image

    # Change a rule: a new limit (min, max, allowed, equals), a severity (error, warning, info),
    # or enabled: false.
    rules:
    #   image.focus: {min: 10}
    #   video.codec: {severity: error}
    #   video.variable-frame-rate: {enabled: false}

    # Profiles of your own, usually a built-in one with changes.
    # profiles:
    #   - id: kling-o1-social
    #     extends: kling-o1
    #     rules:
    #       video.duration: {max: 8}

    """
}
