/// The HTML report's style and script, inlined into every page (the page must work offline, from
/// disk and as a CI artifact). The script only adds filters and copy buttons: with JavaScript off
/// every card shows and the focus maps still toggle (a CSS checkbox).
enum HTMLAssets {
    static let style = """
    :root{color-scheme:light dark;--bg:#f6f7f9;--card:#fff;--text:#1b1f24;--dim:#5b6470;--line:#dde1e6;
    --pass:#1a7f37;--warn:#9a6700;--fail:#cf222e;--note:#57606a;--chip:#eef1f4;--code:#f0f2f4}
    @media (prefers-color-scheme:dark){:root{--bg:#0d1117;--card:#161b22;--text:#e6edf3;--dim:#8d96a0;--line:#30363d;
    --pass:#3fb950;--warn:#d29922;--fail:#f85149;--note:#8d96a0;--chip:#21262d;--code:#1f242c}}
    [hidden]{display:none!important}*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;background:var(--bg);color:var(--text)}
    header{padding:16px 20px;border-bottom:1px solid var(--line);background:var(--card)}
    h1{font-size:20px;margin:0 0 4px}.meta{color:var(--dim);margin:0 0 8px;font-size:13px}
    .counts{display:flex;gap:12px;flex-wrap:wrap;margin:0;font-weight:600}
    .counts .pass{color:var(--pass)}.counts .warn{color:var(--warn)}.counts .fail{color:var(--fail)}
    .filters{display:flex;gap:10px;flex-wrap:wrap;align-items:center;margin-top:10px;font-size:14px}
    .filters input[type=search],.filters select{font:inherit;padding:4px 6px;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--text)}
    main{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:14px;padding:16px 20px}
    .card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px;min-width:0}
    .card[hidden]{display:none}.card.fail{border-left:4px solid var(--fail)}.card.warn{border-left:4px solid var(--warn)}.card.pass{border-left:4px solid var(--pass)}
    .card h2{font-size:15px;margin:0 0 6px;overflow-wrap:anywhere;display:flex;gap:8px;align-items:baseline}.badge{flex:0 0 auto}
    .thumb{width:fit-content}
    .badge{font-size:12px;font-weight:700;padding:1px 6px;border-radius:4px;color:#fff}
    .badge.pass{background:var(--pass)}.badge.warn{background:var(--warn)}.badge.fail{background:var(--fail)}
    .facts{color:var(--dim);font-size:13px;margin:0 0 8px}
    .thumb{position:relative;display:block;max-width:100%;line-height:0;border-radius:6px;overflow:hidden;background:var(--chip)}
    .thumb img{max-width:100%;height:auto;display:block}
    .heat{position:absolute;inset:0;width:100%;height:100%;display:none}
    .heat-toggle:checked+label+.thumb .heat{display:block}
    .heat-toggle{margin:0 4px 0 0}.heat-label{font-size:13px;color:var(--dim)}
    .legend{font-size:12px;color:var(--dim);margin:4px 0 8px}.legend i{display:inline-block;width:10px;height:10px;margin:0 3px 0 8px;border-radius:2px}
    .filmstrip{display:flex;gap:4px;overflow-x:auto;margin:6px 0 8px;padding-bottom:2px}
    .filmstrip figure{margin:0;flex:0 0 auto;text-align:center;font-size:11px;color:var(--dim)}
    .filmstrip img{height:63px;width:auto;border-radius:4px;display:block}
    .chips{display:flex;flex-wrap:wrap;gap:6px;margin:6px 0}
    .chip{font-size:12px;padding:2px 8px;border-radius:999px;background:var(--chip)}
    .chip.pass{color:var(--pass)}.chip.warn{color:var(--warn)}.chip.fail{color:var(--fail)}
    .findings{list-style:none;padding:0;margin:6px 0 0}.findings li{border-top:1px solid var(--line);padding:6px 0;font-size:13px}
    .sev{font-weight:700;text-transform:uppercase;font-size:11px;margin-right:4px}
    .sev.error{color:var(--fail)}.sev.warning{color:var(--warn)}.sev.note,.sev.info{color:var(--note)}
    .detail{color:var(--dim)}.detail a{color:inherit}
    code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;background:var(--code);padding:2px 4px;border-radius:4px;overflow-wrap:anywhere}
    .fix{display:flex;gap:6px;align-items:flex-start;margin-top:4px}.fix code{flex:1}
    .copy{font:12px system-ui;border:1px solid var(--line);border-radius:5px;background:var(--bg);color:var(--text);cursor:pointer;padding:1px 6px}
    .missing{color:var(--dim);font-size:13px;font-style:italic}
    .request{background:var(--card);border:1px solid var(--line);border-radius:10px;margin:16px 20px 0;padding:12px}
    .prompt{white-space:pre-wrap;background:var(--code);padding:8px;border-radius:6px;font-size:13px}
    .prompt mark{background:#f8d66d;color:#111}.group{margin:0 20px}.group h3{font-size:15px;margin:16px 0 0}
    footer{color:var(--dim);font-size:12px;padding:8px 20px 20px}
    @media (max-width:480px){main{grid-template-columns:1fr;padding:10px}header{padding:12px}}
    """

    static let script = """
    (function(){
      var form=document.getElementById('filters');if(!form)return;form.hidden=false;
      var cards=Array.prototype.slice.call(document.querySelectorAll('.card'));
      function apply(){
        var shown={};Array.prototype.forEach.call(form.querySelectorAll('input[name=status]'),function(b){shown[b.value]=b.checked});
        var role=form.role.value,rule=form.rule.value,q=form.q.value.toLowerCase();
        cards.forEach(function(c){
          var ok=shown[c.dataset.status]&&(!role||(' '+c.dataset.roles+' ').indexOf(' '+role+' ')>=0)
            &&(!rule||(' '+c.dataset.rules+' ').indexOf(' '+rule+' ')>=0)&&(!q||c.dataset.name.toLowerCase().indexOf(q)>=0);
          c.hidden=!ok;});
      }
      form.addEventListener('submit',function(e){e.preventDefault()});form.addEventListener('input',apply);form.addEventListener('change',apply);
      Array.prototype.forEach.call(document.querySelectorAll('button.copy'),function(b){
        b.hidden=false;
        b.addEventListener('click',function(){var t=b.previousElementSibling.textContent;
          if(navigator.clipboard){navigator.clipboard.writeText(t).then(function(){b.textContent='copied'},function(){b.textContent='select'});}});
      });
    })();
    """
}
