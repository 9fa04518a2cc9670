<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>MetricCD</name>
    <message>
        <location filename="../metric_cd_plugin/plugin.py" line="125"/>
        <source>Metric-CD change detection...</source>
        <translation>Détection de changements Metric-CD…</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/plugin.py" line="127"/>
        <source>Metric-CD change detection: compare two rasters of the same place and map the changes</source>
        <translation>Détection de changements Metric-CD : comparer deux rasters d'un même lieu et cartographier les changements</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/date_panel.py" line="53"/>
        <source>Bands of {label} to compare: tick them in the order that matches the other date&apos;s ticked bands.</source>
        <translation>Bandes de {label} à comparer : cochez-les dans l'ordre qui correspond aux bandes cochées de l'autre date.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/date_panel.py" line="58"/>
        <source>Size, bands, data type, CRS and pixel size of the chosen layer.</source>
        <translation>Taille, bandes, type de données, SCR et taille de pixel de la couche choisie.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_help.py" line="14"/>
        <source>Bands</source>
        <translation>Bandes</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/toolbox_names.py" line="8"/>
        <source>Metric-CD change detection</source>
        <translation>Détection de changements Metric-CD</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog.py" line="72"/>
        <source>T1: earlier date</source>
        <translation>T1 : date antérieure</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog.py" line="72"/>
        <source>The raster of the earlier date; the result is on its pixel grid.</source>
        <translation>Le raster de la date antérieure ; le résultat est sur sa grille de pixels.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog.py" line="74"/>
        <source>T2: later date</source>
        <translation>T2 : date postérieure</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog.py" line="74"/>
        <source>The raster of the later date.</source>
        <translation>Le raster de la date postérieure.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog.py" line="80"/>
        <source>What Run will do with these layers, or why it cannot run.</source>
        <translation>Ce que « Lancer » fera avec ces couches, ou pourquoi il ne peut pas être lancé.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog.py" line="104"/>
        <source>How the method works and what each setting does.</source>
        <translation>Le fonctionnement de la méthode et le rôle de chaque paramètre.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog.py" line="113"/>
        <source>Progress of the running change detection.</source>
        <translation>Progression de la détection de changements en cours.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog.py" line="114"/>
        <source>Ready.</source>
        <translation>Prêt.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog.py" line="116"/>
        <source>The current stage, or how the last run ended.</source>
        <translation>L'étape en cours, ou l'issue du dernier calcul.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog.py" line="141"/>
        <source>Help</source>
        <translation>Aide</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog.py" line="143"/>
        <source>Show or hide the help panel.</source>
        <translation>Afficher ou masquer le panneau d'aide.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog.py" line="144"/>
        <source>Run</source>
        <translation>Lancer</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog.py" line="146"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog.py" line="147"/>
        <source>Stop the running change detection; nothing is written.</source>
        <translation>Arrêter la détection de changements en cours ; rien n'est écrit.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog.py" line="148"/>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog.py" line="149"/>
        <source>Close this window; a running change detection goes on.</source>
        <translation>Fermer cette fenêtre ; une détection de changements en cours continue.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_state.py" line="54"/>
        <source>change probability</source>
        <translation>probabilité de changement</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/problem_words.py" line="37"/>
        <source>change mask</source>
        <translation>masque de changement</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_state.py" line="56"/>
        <source>change polygons</source>
        <translation>polygones de changement</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_state.py" line="64"/>
        <source>Choose the VGG16 weights file, or use seeded random weights.</source>
        <translation>Choisissez le fichier de poids VGG16, ou utilisez des poids aléatoires initialisés par la graine.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_state.py" line="77"/>
        <source>PyTorch cannot be imported by QGIS&apos;s Python ({detail}); install it with Plugins &gt; Metric-CD &gt; Install PyTorch..., then restart QGIS.</source>
        <translation>PyTorch ne peut pas être importé par le Python de QGIS ({detail}) ; installez-le avec Extensions &gt; Metric-CD &gt; Install PyTorch..., puis redémarrez QGIS.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_state.py" line="42"/>
        <source>Ready: T1 and T2 share one pixel grid.</source>
        <translation>Prêt : T1 et T2 partagent la même grille de pixels.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog.py" line="238"/>
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog.py" line="250"/>
        <source>Starting…</source>
        <translation>Démarrage…</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog.py" line="269"/>
        <source>A run is in progress; wait for it to finish or cancel it.</source>
        <translation>Un calcul est en cours ; attendez qu'il se termine ou annulez-le.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog.py" line="273"/>
        <source>Start the change detection in the background.</source>
        <translation>Lancer la détection de changements en arrière-plan.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_help.py" line="14"/>
        <source>What it does</source>
        <translation>Ce que fait l'outil</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_help.py" line="14"/>
        <source>Compares two rasters of the same place taken at two dates and tells, for every pixel, how likely it is that the ground has changed. No training data and no labels are needed.</source>
        <translation>Compare deux rasters d'un même lieu pris à deux dates et indique, pour chaque pixel, la probabilité que le terrain ait changé. Aucune donnée d'entraînement ni étiquette n'est nécessaire.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_help.py" line="14"/>
        <source>A small neural network is fitted to this image pair only: it learns to call a pixel &apos;no change&apos; where the two dates look alike and &apos;change&apos; where they differ, both in the raw band values and in deep image features (a VGG16 network), so that seasonal or lighting differences count less than real changes.</source>
        <translation>Un petit réseau de neurones est ajusté sur cette seule paire d'images : il apprend à classer un pixel « sans changement » là où les deux dates se ressemblent et « changement » là où elles diffèrent, à la fois sur les valeurs brutes des bandes et sur des caractéristiques profondes de l'image (un réseau VGG16), de sorte que les différences saisonnières ou d'éclairage comptent moins que les vrais changements.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/algorithm_help.py" line="22"/>
        <source>Inputs</source>
        <translation>Entrées</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_help.py" line="14"/>
        <source>T1 and T2</source>
        <translation>T1 et T2</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_help.py" line="14"/>
        <source>the earlier and the later raster. The result uses T1&apos;s pixel grid; if T2&apos;s grid differs, it is aligned onto T1&apos;s first.</source>
        <translation>le raster antérieur et le raster postérieur. Le résultat utilise la grille de pixels de T1 ; si la grille de T2 diffère, T2 est d'abord aligné sur celle de T1.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_help.py" line="14"/>
        <source>the bands compared, ticked in each list. Tick the same number for both dates, matching bands in the same order (e.g. red, green, blue, near infrared of each sensor).</source>
        <translation>les bandes comparées, cochées dans chaque liste. Cochez le même nombre pour les deux dates, les bandes correspondantes dans le même ordre (par ex. rouge, vert, bleu, proche infrarouge de chaque capteur).</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/algorithm_help.py" line="41"/>
        <source>Outputs</source>
        <translation>Sorties</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/field_words.py" line="14"/>
        <source>Change probability</source>
        <translation>Probabilité de changement</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_help.py" line="14"/>
        <source>a GeoTIFF from 0 (no change) to 1 (change). Leave the path empty for a temporary file.</source>
        <translation>un GeoTIFF de 0 (pas de changement) à 1 (changement). Laissez le chemin vide pour un fichier temporaire.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/threshold_algorithm.py" line="69"/>
        <source>Change mask</source>
        <translation>Masque de changement</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_help.py" line="14"/>
        <source>1 where the probability is above the threshold, 0 elsewhere.</source>
        <translation>1 là où la probabilité dépasse le seuil, 0 ailleurs.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/threshold_algorithm.py" line="70"/>
        <source>Change polygons</source>
        <translation>Polygones de changement</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="58"/>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/field_words.py" line="20"/>
        <source>Preset</source>
        <translation>Préréglage</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_help.py" line="14"/>
        <source>&apos;Fast&apos; fits the network on small patches and suits most images (seconds to minutes). &apos;Paper&apos; is the published configuration: much slower, for comparison.</source>
        <translation>« Rapide » ajuste le réseau sur de petites imagettes et convient à la plupart des images (de quelques secondes à quelques minutes). « Article » est la configuration publiée : beaucoup plus lente, pour comparaison.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/field_words.py" line="20"/>
        <source>Device</source>
        <translation>Périphérique</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_help.py" line="14"/>
        <source>where the network runs. &apos;Automatic&apos; uses a CUDA GPU when PyTorch sees one, the CPU otherwise.</source>
        <translation>où le réseau s'exécute. « Automatique » utilise un GPU CUDA quand PyTorch en voit un, le processeur sinon.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="106"/>
        <source>Iterations</source>
        <translation>Itérations</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_help.py" line="14"/>
        <source>how many fitting steps; 0 keeps the preset&apos;s number. More steps take longer and rarely change the result much.</source>
        <translation>le nombre d'étapes d'ajustement ; 0 garde celui du préréglage. Plus d'étapes prennent plus de temps et changent rarement beaucoup le résultat.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/field_words.py" line="19"/>
        <source>Random seed</source>
        <translation>Graine aléatoire</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_help.py" line="14"/>
        <source>the same seed on the same data gives the same result; change it to see how stable a detection is.</source>
        <translation>la même graine sur les mêmes données donne le même résultat ; changez-la pour voir à quel point une détection est stable.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="123"/>
        <source>Threshold</source>
        <translation>Seuil</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_help.py" line="14"/>
        <source>the probability above which a pixel counts as change in the mask and polygons. Automatic lets the method decide from the data.</source>
        <translation>la probabilité au-dessus de laquelle un pixel compte comme changement dans le masque et les polygones. « Automatique » laisse la méthode le choisir d'après les données.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/field_words.py" line="22"/>
        <source>VGG16 weights</source>
        <translation>Poids VGG16</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_help.py" line="14"/>
        <source>the deep features work best with the pretrained VGG16 file vgg16-397923af.pth (from torchvision). Without it, seeded random weights are used: works offline, slightly less accurate.</source>
        <translation>les caractéristiques profondes sont meilleures avec le fichier VGG16 pré-entraîné vgg16-397923af.pth (de torchvision). Sans lui, des poids aléatoires initialisés par la graine sont utilisés : fonctionne hors ligne, un peu moins précis.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_help.py" line="14"/>
        <source>Extent</source>
        <translation>Emprise</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_help.py" line="14"/>
        <source>limit the work to an area: from a layer, the map view, or drawn on the map. Unticked, the whole area both rasters cover is processed.</source>
        <translation>limiter le calcul à une zone : d'après une couche, la vue de la carte, ou dessinée sur la carte. Décochée, toute la zone couverte par les deux rasters est traitée.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_help.py" line="14"/>
        <source>While it runs</source>
        <translation>Pendant le calcul</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_help.py" line="14"/>
        <source>The run goes on in the background and appears in QGIS&apos;s task manager; you can keep working and even close this dialog. Cancel stops it and leaves no file behind. When it finishes, the results are added in a group named after the pair, and messages go to the Metric-CD tab of the log panel.</source>
        <translation>Le calcul se poursuit en arrière-plan et apparaît dans le gestionnaire de tâches de QGIS ; vous pouvez continuer à travailler et même fermer cette fenêtre. « Annuler » l'arrête sans laisser de fichier. À la fin, les résultats sont ajoutés dans un groupe nommé d'après la paire, et les messages vont dans l'onglet Metric-CD du panneau de journal.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/input_checks.py" line="58"/>
        <source>CRS {crs1} vs {crs2}</source>
        <translation>SCR {crs1} contre {crs2}</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/input_checks.py" line="63"/>
        <source>pixel size {size1} vs {size2}</source>
        <translation>taille de pixel {size1} contre {size2}</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/input_checks.py" line="69"/>
        <source>the pixels are shifted by a fraction of a pixel</source>
        <translation>les pixels sont décalés d'une fraction de pixel</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/input_checks.py" line="72"/>
        <source>T1 is {w1} × {h1} px, T2 is {w2} × {h2} px at another position</source>
        <translation>T1 fait {w1} × {h1} px, T2 fait {w2} × {h2} px à une autre position</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/input_checks.py" line="82"/>
        <source>Choose a {label} raster layer (add one to the project first).</source>
        <translation>Choisissez une couche raster {label} (ajoutez-en une au projet d'abord).</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/input_checks.py" line="85"/>
        <source>The {label} layer &apos;{name}&apos; cannot be read.</source>
        <translation>La couche {label} « {name} » ne peut pas être lue.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/input_checks.py" line="90"/>
        <source>T1 and T2 are the same layer; choose the two dates to compare.</source>
        <translation>T1 et T2 sont la même couche ; choisissez les deux dates à comparer.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/input_checks.py" line="94"/>
        <source>T1 and T2 do not overlap, so there is nothing to compare; choose two rasters of the same place.</source>
        <translation>T1 et T2 ne se recouvrent pas, il n'y a donc rien à comparer ; choisissez deux rasters d'un même lieu.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/input_checks.py" line="99"/>
        <source>The pixel grids differ ({reasons}): T2 will be aligned onto T1&apos;s grid.</source>
        <translation>Les grilles de pixels diffèrent ({reasons}) : T2 sera aligné sur la grille de T1.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/input_checks.py" line="103"/>
        <source>T2 covers {percent} % of T1; only the overlap can show changes.</source>
        <translation>T2 couvre {percent} % de T1 ; seul le recouvrement peut montrer des changements.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/input_checks.py" line="112"/>
        <source>Tick at least one band of {label}.</source>
        <translation>Cochez au moins une bande de {label}.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/input_checks.py" line="114"/>
        <source>T1 uses {n1} band(s) and T2 uses {n2}; tick the same number of bands for each date, the matching bands in the same order.</source>
        <translation>T1 utilise {n1} bande(s) et T2 en utilise {n2} ; cochez le même nombre de bandes pour chaque date, les bandes correspondantes dans le même ordre.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/input_checks.py" line="127"/>
        <source>The extent is empty; set it or untick &apos;Limit to an extent&apos;.</source>
        <translation>L'emprise est vide ; définissez-la ou décochez « Limiter à une emprise ».</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/input_checks.py" line="132"/>
        <source>The extent does not cut the area both rasters cover; change it or untick &apos;Limit to an extent&apos;.</source>
        <translation>L'emprise ne recoupe pas la zone couverte par les deux rasters ; modifiez-la ou décochez « Limiter à une emprise ».</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/layer_summary.py" line="16"/>
        <source>unknown type</source>
        <translation>type inconnu</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/layer_summary.py" line="22"/>
        <source>no CRS</source>
        <translation>pas de SCR</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/layer_summary.py" line="35"/>
        <source>No raster layer chosen.</source>
        <translation>Aucune couche raster choisie.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/layer_summary.py" line="36"/>
        <source>{width} × {height} px, {bands} band(s), {dtype} · {crs} · pixel {pixel}</source>
        <translation>{width} × {height} px, {bands} bande(s), {dtype} · {crs} · pixel {pixel}</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/notify.py" line="25"/>
        <source>The run failed without a message; see the Processing tab of the log panel.</source>
        <translation>Le calcul a échoué sans message ; consultez l'onglet Processing du panneau de journal.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/notify.py" line="28"/>
        <source>Unexpected error ({error}); the details are in the Metric-CD tab of the log panel.</source>
        <translation>Erreur inattendue ({error}) ; les détails sont dans l'onglet Metric-CD du panneau de journal.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/notify.py" line="40"/>
        <source>Run failed: {details}</source>
        <translation>Échec du calcul : {details}</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/notify.py" line="45"/>
        <source>Metric-CD failed</source>
        <translation>Échec de Metric-CD</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/notify.py" line="119"/>
        <source>Metric-CD</source>
        <translation>Metric-CD</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/notify.py" line="131"/>
        <source>Metric-CD finished</source>
        <translation>Metric-CD terminé</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/notify.py" line="139"/>
        <source>Zoom to</source>
        <translation>Zoomer sur</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/notify.py" line="140"/>
        <source>Zoom the map to the change layer.</source>
        <translation>Zoomer la carte sur la couche de changement.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/outputs_panel.py" line="19"/>
        <source>[Save to temporary file]</source>
        <translation>[Enregistrer dans un fichier temporaire]</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/outputs_panel.py" line="28"/>
        <source>Save the change probability as</source>
        <translation>Enregistrer la probabilité de changement sous</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/outputs_panel.py" line="28"/>
        <source>GeoTIFF of the change probability, 0 (no change) to 1 (change), on T1&apos;s grid. Empty: a temporary file, deleted when QGIS closes.</source>
        <translation>GeoTIFF de la probabilité de changement, de 0 (pas de changement) à 1 (changement), sur la grille de T1. Vide : un fichier temporaire, supprimé à la fermeture de QGIS.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/outputs_panel.py" line="34"/>
        <source>Also write the mask: 1 = change, 0 = no change.</source>
        <translation>Écrire aussi le masque : 1 = changement, 0 = pas de changement.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/outputs_panel.py" line="35"/>
        <source>Save the change mask as</source>
        <translation>Enregistrer le masque de changement sous</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/outputs_panel.py" line="35"/>
        <source>GeoTIFF of the change mask. Empty: a temporary file.</source>
        <translation>GeoTIFF du masque de changement. Vide : un fichier temporaire.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/outputs_panel.py" line="38"/>
        <source>Also write the changed areas as polygons (GeoPackage) with their area and mean probability.</source>
        <translation>Écrire aussi les zones changées sous forme de polygones (GeoPackage) avec leur surface et leur probabilité moyenne.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/outputs_panel.py" line="40"/>
        <source>Save the change polygons as</source>
        <translation>Enregistrer les polygones de changement sous</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/outputs_panel.py" line="40"/>
        <source>GeoPackage of the change polygons. Empty: a temporary file.</source>
        <translation>GeoPackage des polygones de changement. Vide : un fichier temporaire.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/outputs_panel.py" line="46"/>
        <source> map units²</source>
        <translation> unités de carte²</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/outputs_panel.py" line="47"/>
        <source>Polygons smaller than this area (in square units of T1&apos;s CRS) are left out; 0 keeps them all.</source>
        <translation>Les polygones plus petits que cette surface (en unités carrées du SCR de T1) sont omis ; 0 les garde tous.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/outputs_panel.py" line="49"/>
        <source>Minimum polygon area</source>
        <translation>Surface minimale des polygones</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/outputs_panel.py" line="51"/>
        <source>Add the results to the map</source>
        <translation>Ajouter les résultats à la carte</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/outputs_panel.py" line="53"/>
        <source>Add the outputs, styled, to the project in a group named after the two layers.</source>
        <translation>Ajouter les sorties, stylées, au projet dans un groupe nommé d'après les deux couches.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/result_layers.py" line="42"/>
        <source>The output &apos;{path}&apos; cannot be opened as a layer.</source>
        <translation>La sortie « {path} » ne peut pas être ouverte comme couche.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/step_words.py" line="12"/>
        <source>{s} s</source>
        <translation>{s} s</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/step_words.py" line="15"/>
        <source>{m} min {s} s</source>
        <translation>{m} min {s} s</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_manager.py" line="60"/>
        <source>A Metric-CD run is already in progress ({t1} → {t2}); wait for it to finish or cancel it.</source>
        <translation>Un calcul Metric-CD est déjà en cours ({t1} → {t2}) ; attendez qu'il se termine ou annulez-le.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_manager.py" line="71"/>
        <source>Started: {t1} → {t2}</source>
        <translation>Démarré : {t1} → {t2}</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_manager.py" line="83"/>
        <source>Plugin unloaded: the running change detection was cancelled.</source>
        <translation>Extension déchargée : la détection de changements en cours a été annulée.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_manager.py" line="131"/>
        <source>Change detection cancelled; nothing was written.</source>
        <translation>Détection de changements annulée ; rien n'a été écrit.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_manager.py" line="149"/>
        <source>Change detection finished in {time}; the change probability is in {path}.</source>
        <translation>Détection de changements terminée en {time} ; la probabilité de changement est dans {path}.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_manager.py" line="159"/>
        <source>Change detection finished in {time}: {count} layer(s) added to &apos;{group}&apos;.</source>
        <translation>Détection de changements terminée en {time} : {count} couche(s) ajoutée(s) à « {group} ».</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_request.py" line="69"/>
        <source>Changes: {t1} → {t2}</source>
        <translation>Changements : {t1} → {t2}</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_task.py" line="57"/>
        <source>The Metric-CD Processing algorithm is not available; re-enable the plugin in Plugins &gt; Manage and Install Plugins.</source>
        <translation>L'algorithme Processing de Metric-CD n'est pas disponible ; réactivez l'extension dans Extensions &gt; Installer/Gérer les extensions.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_task.py" line="68"/>
        <source>Metric-CD: {t1} → {t2}</source>
        <translation>Metric-CD : {t1} → {t2}</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="59"/>
        <source>Fast (recommended)</source>
        <translation>Rapide (recommandé)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="59"/>
        <source>Paper (published set-up, slow)</source>
        <translation>Article (configuration publiée, lente)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="60"/>
        <source>Automatic (GPU if available)</source>
        <translation>Automatique (GPU si disponible)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="60"/>
        <source>CPU</source>
        <translation>Processeur (CPU)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="60"/>
        <source>CUDA GPU</source>
        <translation>GPU CUDA</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="65"/>
        <source>Fast fits on small patches (seconds to minutes); Paper is the published configuration (much slower), for comparison.</source>
        <translation>« Rapide » ajuste sur de petites imagettes (de quelques secondes à quelques minutes) ; « Article » est la configuration publiée (beaucoup plus lente), pour comparaison.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="68"/>
        <source>Where the network runs; Automatic uses a CUDA GPU when PyTorch sees one.</source>
        <translation>Où le réseau s'exécute ; « Automatique » utilise un GPU CUDA quand PyTorch en voit un.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/weights_choices.py" line="10"/>
        <source>Advanced settings</source>
        <translation>Paramètres avancés</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="94"/>
        <source>Unavailable: PyTorch sees no CUDA GPU ({detail}).</source>
        <translation>Indisponible : PyTorch ne voit aucun GPU CUDA ({detail}).</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="94"/>
        <source>Unavailable: PyTorch cannot be imported ({detail}).</source>
        <translation>Indisponible : PyTorch ne peut pas être importé ({detail}).</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="104"/>
        <source>Preset default</source>
        <translation>Valeur du préréglage</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="105"/>
        <source>Fitting steps; 0 keeps the preset&apos;s number.</source>
        <translation>Étapes d'ajustement ; 0 garde le nombre du préréglage.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="109"/>
        <source>The same seed on the same data gives the same result.</source>
        <translation>La même graine sur les mêmes données donne le même résultat.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/threshold_panel.py" line="117"/>
        <source>Automatic</source>
        <translation>Automatique</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="112"/>
        <source>Let the method choose the threshold from the data.</source>
        <translation>Laisser la méthode choisir le seuil d'après les données.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="117"/>
        <source>Probability above which a pixel counts as change in the mask and polygons.</source>
        <translation>Probabilité au-dessus de laquelle un pixel compte comme changement dans le masque et les polygones.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="138"/>
        <source>Limit to an extent</source>
        <translation>Limiter à une emprise</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="145"/>
        <source>Process only this area (from a layer, the map view or drawn on the map); unticked, the whole overlap of T1 and T2.</source>
        <translation>Ne traiter que cette zone (d'après une couche, la vue de la carte ou dessinée sur la carte) ; décochée, tout le recouvrement de T1 et T2.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="145"/>
        <source>This version of the Metric-CD algorithm has no extent parameter; the whole overlap is processed.</source>
        <translation>Cette version de l'algorithme Metric-CD n'a pas de paramètre d'emprise ; tout le recouvrement est traité.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/weights_choices.py" line="14"/>
        <source>VGG16 weights (deep features)</source>
        <translation>Poids VGG16 (caractéristiques profondes)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/weights_choices.py" line="21"/>
        <source>Seeded random weights (offline)</source>
        <translation>Poids aléatoires initialisés par la graine (hors ligne)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="174"/>
        <source>No file needed; slightly less accurate than pretrained weights.</source>
        <translation>Aucun fichier nécessaire ; un peu moins précis que des poids pré-entraînés.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/weights_choices.py" line="22"/>
        <source>Pretrained file</source>
        <translation>Fichier pré-entraîné</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="176"/>
        <source>torchvision&apos;s vgg16-397923af.pth (or any VGG16 state dict).</source>
        <translation>vgg16-397923af.pth de torchvision (ou tout state dict VGG16).</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/run_parameters.py" line="84"/>
        <source>PyTorch weights (*.pth *.pt)</source>
        <translation>Poids PyTorch (*.pth *.pt)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="179"/>
        <source>Choose the VGG16 weights file</source>
        <translation>Choisir le fichier de poids VGG16</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="181"/>
        <source>Weights of the VGG16 network that gives the deep features.</source>
        <translation>Poids du réseau VGG16 qui fournit les caractéristiques profondes.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_state.py" line="66"/>
        <source>The VGG16 weights file does not exist.</source>
        <translation>Le fichier de poids VGG16 n'existe pas.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/weights_choices.py" line="20"/>
        <source>ImageNet VGG16 (downloaded once, verified)</source>
        <translation>VGG16 ImageNet (téléchargé une fois, vérifié)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="171"/>
        <source>torchvision&apos;s pretrained VGG16, fetched on first use, checked by SHA-256 and kept in the QGIS profile. Best quality.</source>
        <translation>Le VGG16 pré-entraîné de torchvision, téléchargé à la première utilisation, vérifié par SHA-256 et conservé dans le profil QGIS. Meilleure qualité.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_state.py" line="74"/>
        <source>Run will first download the ImageNet VGG16 weights ({size}, once), with progress and Cancel.</source>
        <translation>Lancer téléchargera d’abord les poids VGG16 ImageNet ({size}, une seule fois), avec progression et Annuler.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/notify.py" line="120"/>
        <source>Save…</source>
        <translation>Enregistrer…</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/notify.py" line="121"/>
        <source>Copy the temporary files into a folder that lasts; the layers then read the copies.</source>
        <translation>Copier les fichiers temporaires dans un dossier durable ; les couches lisent alors les copies.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_manager.py" line="163"/>
        <source>Files left empty in Outputs are temporary: QGIS deletes them when it closes; Save… keeps them.</source>
        <translation>Les fichiers laissés vides dans Sorties sont temporaires : QGIS les supprime à sa fermeture ; Enregistrer… les conserve.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_manager.py" line="181"/>
        <source>Save the change detection files in</source>
        <translation>Enregistrer les fichiers de la détection de changements dans</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_manager.py" line="192"/>
        <source>Saving the files in {folder} failed ({error}).</source>
        <translation>L’enregistrement des fichiers dans {folder} a échoué ({error}).</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_manager.py" line="196"/>
        <source>Saved in {folder}: {files}.</source>
        <translation>Enregistré dans {folder} : {files}.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/weights_choices.py" line="19"/>
        <source>ImageNet VGG16 when available, otherwise seeded random weights</source>
        <translation>VGG16 ImageNet si disponible, sinon des poids aléatoires initialisés par la graine</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="167"/>
        <source>The ImageNet weights when they are on this computer or can be downloaded; without network the run goes on with seeded random weights and says so.</source>
        <translation>Les poids ImageNet s’ils sont sur cet ordinateur ou peuvent être téléchargés ; sans réseau, le calcul continue avec des poids aléatoires initialisés par la graine et le signale.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/summary_text.py" line="15"/>
        <source>{area} square map units</source>
        <translation>{area} unités de carte carrées</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/summary_text.py" line="20"/>
        <source>Changed: {area}, {percent} % of the valid area, in {patches} patch(es).</source>
        <translation>Changé : {area}, {percent} % de la surface valide, en {patches} tache(s).</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_help.py" line="14"/>
        <source>the changed areas as polygons in a GeoPackage, with their area (also in hectares), pixel count, peak and mean probability and a rank (1 = strongest); polygons under 4 pixels or the minimum area are left out.</source>
        <translation>les zones changées en polygones dans un GeoPackage, avec leur surface (aussi en hectares), leur nombre de pixels, leurs probabilités maximale et moyenne et un rang (1 = le plus fort) ; les polygones de moins de 4 pixels ou sous la surface minimale sont écartés.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/threshold_panel.py" line="97"/>
        <source>Threshold after the run</source>
        <translation>Seuil après le calcul</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_help.py" line="14"/>
        <source>Once the results are on the map, the box under the settings shows the histogram of the change probability with the automatic threshold. Move the slider to preview the mask at another threshold on the map at once; Apply writes that mask (and the polygons) beside the run&apos;s outputs, without fitting again.</source>
        <translation>Une fois les résultats sur la carte, le cadre sous les réglages montre l'histogramme de la probabilité de changement avec le seuil automatique. Déplacez le curseur pour prévisualiser aussitôt le masque à un autre seuil sur la carte ; Appliquer écrit ce masque (et les polygones) à côté des sorties du calcul, sans nouvel ajustement.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/threshold_panel.py" line="48"/>
        <source>Histogram of the change probability (bar height: square root of the pixel count). Dashed: the automatic threshold; solid: the one previewed. Click to choose a threshold.</source>
        <translation>Histogramme de la probabilité de changement (hauteur des barres : racine carrée du nombre de pixels). En tirets : le seuil automatique ; en trait plein : celui prévisualisé. Cliquez pour choisir un seuil.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/threshold_panel.py" line="78"/>
        <source>auto</source>
        <translation>auto</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/threshold_panel.py" line="110"/>
        <source>Preview the change mask at this threshold on the map (nothing is written until Apply).</source>
        <translation>Prévisualiser le masque de changement à ce seuil sur la carte (rien n'est écrit avant Appliquer).</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/threshold_panel.py" line="118"/>
        <source>Back to the run&apos;s automatic threshold.</source>
        <translation>Revenir au seuil automatique du calcul.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/threshold_panel.py" line="119"/>
        <source>Smooth polygon outlines</source>
        <translation>Lisser les contours des polygones</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/threshold_panel.py" line="120"/>
        <source>Round the pixel staircase of the polygons with QGIS&apos;s Smooth (only when the run wrote polygons).</source>
        <translation>Arrondir l'escalier de pixels des polygones avec l'outil Lisser de QGIS (seulement si le calcul a écrit des polygones).</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/threshold_panel.py" line="122"/>
        <source>Apply</source>
        <translation>Appliquer</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/threshold_panel.py" line="123"/>
        <source>Write the change mask (and polygons) at this threshold, beside the run&apos;s outputs, and put them on the map in place of the old ones.</source>
        <translation>Écrire le masque de changement (et les polygones) à ce seuil, à côté des sorties du calcul, et les mettre sur la carte à la place des anciens.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/threshold_panel.py" line="169"/>
        <source>After a run whose results are added to the map: look at the histogram, preview another threshold, then Apply.</source>
        <translation>Après un calcul dont les résultats sont ajoutés à la carte : regardez l'histogramme, prévisualisez un autre seuil, puis Appliquer.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="72"/>
        <source>Data kind</source>
        <translation>Type de données</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_help.py" line="14"/>
        <source>what the rasters hold. Optical rasters are compared by difference; SAR amplitude or intensity, whose speckle multiplies the signal, by the log-ratio after a speckle filter. &apos;Automatic&apos; decides from polarisation band names (VV, VH, HH, HV), decibel values or speckle (its tooltip gives the rule); the log and the output files record the choice and why.</source>
        <translation>ce que contiennent les rasters. Les rasters optiques sont comparés par différence ; l'amplitude ou l'intensité SAR, dont le chatoiement (speckle) multiplie le signal, par le log-ratio après un filtre de chatoiement. « Automatique » décide d'après les noms de bandes donnant une polarisation (VV, VH, HH, HV), des valeurs en décibels ou le chatoiement (son infobulle donne la règle) ; le journal et les fichiers de sortie enregistrent le choix et sa raison.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="61"/>
        <source>Automatic (from band names, decibels or speckle)</source>
        <translation>Automatique (noms de bandes, décibels ou chatoiement)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="62"/>
        <source>Optical (compared by difference)</source>
        <translation>Optique (comparé par différence)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="63"/>
        <source>SAR amplitude or intensity (log-ratio)</source>
        <translation>SAR amplitude ou intensité (log-ratio)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/labelling_dock.py" line="44"/>
        <source>Metric-CD: label sample points</source>
        <translation>Metric-CD : étiqueter les points d'échantillon</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="91"/>
        <source>Sample points</source>
        <translation>Points d'échantillon</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/labelling_dock.py" line="55"/>
        <source>T1 (earlier)</source>
        <translation>T1 (antérieure)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/labelling_dock.py" line="55"/>
        <source>T2 (later)</source>
        <translation>T2 (postérieure)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/labelling_dock.py" line="62"/>
        <source> px across</source>
        <translation> px de côté</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/labelling_dock.py" line="63"/>
        <source>View</source>
        <translation>Vue</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/labelling_dock.py" line="90"/>
        <source>◀ Previous</source>
        <translation>◀ Précédent</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/labelling_dock.py" line="91"/>
        <source>Change (C)</source>
        <translation>Changement (C)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/labelling_dock.py" line="92"/>
        <source>No change (N)</source>
        <translation>Pas de changement (N)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/labelling_dock.py" line="93"/>
        <source>Unsure (U)</source>
        <translation>Incertain (U)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/labelling_dock.py" line="94"/>
        <source>Next ▶</source>
        <translation>Suivant ▶</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/labelling_dock.py" line="161"/>
        <source>{0} of {1} labelled</source>
        <translation>{0} sur {1} étiquetés</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="31"/>
        <source>change</source>
        <translation>changement</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/labelling_dock.py" line="168"/>
        <source>no change</source>
        <translation>pas de changement</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/labelling_dock.py" line="168"/>
        <source>unsure</source>
        <translation>incertain</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/labelling_dock.py" line="170"/>
        <source>Point {0} ({1} of {2}): {3}</source>
        <translation>Point {0} ({1} sur {2}) : {3}</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/labelling_dock.py" line="174"/>
        <source>(choose a layer)</source>
        <translation>(choisissez une couche)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/labelling_entry.py" line="19"/>
        <source>Label sample points (change area)...</source>
        <translation>Étiqueter les points d'échantillon (surface de changement)...</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/area_offer.py" line="30"/>
        <source>Estimate the real change area…</source>
        <translation>Estimer la surface réelle de changement…</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/area_offer.py" line="31"/>
        <source>The mapped area carries the map&apos;s errors. Draw sample points from this change mask, label them (Raster &gt; Metric-CD &gt; Label sample points), then estimate the change area with a 95 % confidence interval (Olofsson et al. 2014).</source>
        <translation>La surface cartographiée porte les erreurs de la carte. Tirez des points d'échantillon dans ce masque de changement, étiquetez-les (Raster &gt; Metric-CD &gt; Étiqueter les points d'échantillon), puis estimez la surface de changement avec un intervalle de confiance à 95 % (Olofsson et al. 2014).</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="25"/>
        <source>Automatic calls the pair SAR when the file names, band names or metadata name a polarisation (VV, VH, HH, HV) or a radar (Sentinel-1, RADARSAT, ERS, ENVISAT, ALOS, TerraSAR-X, sigma0...), and optical when they name optical data (wavelengths, Landsat, Sentinel-2, red, NIR...) or there are more than {bands} bands. Otherwise it measures speckle, which multiplies the signal: SAR when the flattest tenth of the image varies by at least {sar} of its brightness, or by at least {optical} with independent neighbours (neighbour correlation of log values below {correlation}, or below {far} between pixels {lags} apart: speckle correlated over a pixel or two); optical below {optical}. Values mostly below zero are SAR in decibels when their fine texture is left-skewed, as the log of speckle is, or independent noise. In between it is unsure and takes optical, which costs least when wrong. The log and the output files say which evidence decided and how sure it is. Optical rasters are compared by difference, SAR in log space (log-ratio) after a {side} x {side} speckle filter. Choose SAR for heavily filtered or multilooked SAR that Automatic calls optical.</source>
        <translation>Automatique traite la paire comme SAR quand les noms de fichiers, de bandes ou les métadonnées nomment une polarisation (VV, VH, HH, HV) ou un radar (Sentinel-1, RADARSAT, ERS, ENVISAT, ALOS, TerraSAR-X, sigma0...), et comme optique quand ils nomment des données optiques (longueurs d'onde, Landsat, Sentinel-2, rouge, proche infrarouge...) ou qu'il y a plus de {bands} bandes. Sinon il mesure le chatoiement, qui multiplie le signal : SAR quand le dixième le plus uniforme de l'image varie d'au moins {sar} de sa luminosité, ou d'au moins {optical} avec des voisins indépendants (corrélation entre voisins des valeurs logarithmiques inférieure à {correlation}, ou à {far} entre pixels distants de {lags} : chatoiement corrélé sur un pixel ou deux) ; optique en dessous de {optical}. Des valeurs en majorité négatives sont du SAR en décibels quand leur texture fine est asymétrique vers la gauche, comme le logarithme du chatoiement, ou un bruit indépendant. Entre les deux, il n'est pas sûr et prend optique, le choix qui coûte le moins en cas d'erreur. Le journal et les fichiers de sortie disent quel indice a décidé et avec quelle confiance. Les rasters optiques sont comparés par différence, le SAR en espace logarithmique (log-ratio) après un filtre de chatoiement {side} x {side}. Choisissez SAR pour un SAR fortement filtré ou multivue qu'Automatique traite comme optique.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_help.py" line="14"/>
        <source>When a classical method does better</source>
        <translation>Quand une méthode classique fait mieux</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_help.py" line="14"/>
        <source>Tried on labelled public scenes it was not tuned on, this method lost to the classical PCA-KMeans (Processing toolbox, Metric-CD group; for SAR choose data kind SAR, which compares the log-ratio) on: SAR amplitude images of older sensors scaled to 8 bits (ERS-2, RADARSAT-1, ENVISAT); Sentinel-2 and other true-colour images with 10-30 m pixels where little changed, where it flagged several times too much; single-band images; and photographs where a large part of the scene changed (over about 15 %), where it flagged too little. On such data, run PCA-KMeans as well and prefer it where the two disagree on how much changed.</source>
        <translation>Essayée sur des scènes publiques étiquetées sur lesquelles elle n'a pas été réglée, cette méthode a perdu face à la méthode classique PCA-KMeans (boîte à outils de traitements, groupe Metric-CD ; pour le SAR, choisissez le type de données SAR, qui compare le log-rapport) sur : les images SAR d'amplitude de capteurs anciens ramenées à 8 bits (ERS-2, RADARSAT-1, ENVISAT) ; les images en couleurs naturelles de Sentinel-2 et autres à pixels de 10 à 30 m où peu de choses ont changé, où elle signalait plusieurs fois trop de changement ; les images à une seule bande ; et les photographies dont une grande part de la scène a changé (plus d'environ 15 %), où elle en signalait trop peu. Sur de telles données, lancez aussi PCA-KMeans et préférez-la là où les deux diffèrent sur la quantité de changement.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_help.py" line="14"/>
        <source>It did better than every classical method on photographs with pixels under 5 m (new buildings, fresh ploughing, planted forest) and on most multispectral Landsat pairs.</source>
        <translation>Elle a fait mieux que toutes les méthodes classiques sur les photographies à pixels de moins de 5 m (nouveaux bâtiments, labours récents, forêts plantées) et sur la plupart des paires multispectrales Landsat.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/problem_words.py" line="12"/>
        <source>No {label} file was given; choose where to write it.</source>
        <translation>Aucun fichier n'a été donné pour : {label} ; choisissez où l'écrire.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/problem_words.py" line="13"/>
        <source>The {label} &apos;{path}&apos; names a folder, not a file; give a file name ending in {first}.</source>
        <translation>{label} : '{path}' désigne un dossier, pas un fichier ; donnez un nom de fichier se terminant par {first}.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/problem_words.py" line="15"/>
        <source>The {label} &apos;{path}&apos; is not a plain file name; Metric-CD writes whole {what} files, so give a file name ending in {first}.</source>
        <translation>{label} : '{path}' n'est pas un simple nom de fichier ; Metric-CD écrit des fichiers {what} entiers, donnez donc un nom de fichier se terminant par {first}.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/problem_words.py" line="17"/>
        <source>The {label} &apos;{path}&apos; does not end in {first}; Metric-CD writes {what} files, so give a name ending in {first}.</source>
        <translation>{label} : '{path}' ne se termine pas par {first} ; Metric-CD écrit des fichiers {what}, donnez donc un nom se terminant par {first}.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/problem_words.py" line="19"/>
        <source>The {label} &apos;{path}&apos; is a folder; give a file name inside it, e.g. &apos;{example}&apos;.</source>
        <translation>{label} : '{path}' est un dossier ; donnez un nom de fichier à l'intérieur, par ex. '{example}'.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/problem_words.py" line="20"/>
        <source>The {label} &apos;{path}&apos; is a device, pipe or socket, not a regular file; give the name of a file to write.</source>
        <translation>{label} : '{path}' est un périphérique, un tube ou un socket, pas un fichier ordinaire ; donnez le nom d'un fichier à écrire.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/problem_words.py" line="22"/>
        <source>The output folder &apos;{folder}&apos; does not exist; create it or choose another.</source>
        <translation>Le dossier de sortie '{folder}' n'existe pas ; créez-le ou choisissez-en un autre.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/problem_words.py" line="23"/>
        <source>The output folder &apos;{folder}&apos; is not writable; choose another folder.</source>
        <translation>Le dossier de sortie '{folder}' n'est pas accessible en écriture ; choisissez un autre dossier.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/problem_words.py" line="24"/>
        <source>The {label} &apos;{path}&apos; is a link to &apos;{real}&apos;, whose folder does not exist; create it or choose another.</source>
        <translation>Le {label} « {path} » est un lien vers « {real} », dont le dossier n'existe pas ; créez-le ou choisissez-en un autre.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/problem_words.py" line="26"/>
        <source>The {label} &apos;{path}&apos; is a link to &apos;{real}&apos;, whose folder is not writable; choose another folder.</source>
        <translation>Le {label} « {path} » est un lien vers « {real} », dont le dossier n'est pas accessible en écriture ; choisissez un autre dossier.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/problem_words.py" line="28"/>
        <source>The {label} &apos;{path}&apos; is read-only or locked, so it is not replaced; choose another file, or make it writable.</source>
        <translation>Le {label} « {path} » est en lecture seule ou verrouillé ; il n'est donc pas remplacé. Choisissez un autre fichier, ou rendez-le modifiable.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/problem_words.py" line="30"/>
        <source>The {label} &apos;{path}&apos; is also an input; choose another output file.</source>
        <translation>{label} : '{path}' est aussi une entrée ; choisissez un autre fichier de sortie.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/problem_words.py" line="31"/>
        <source>The {label} &apos;{path}&apos; is also the {other}; choose a different file for each output.</source>
        <translation>{label} : '{path}' est aussi : {other} ; choisissez un fichier différent pour chaque sortie.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="126"/>
        <source>Each date is matched within this many pixels of the other, so that misregistered or differently viewed texture is not change. Automatic: {rule}.</source>
        <translation>Chaque date est appariée à l'autre à ce nombre de pixels près, pour qu'une texture mal recalée ou vue sous un autre angle ne compte pas comme changement. Automatique : {rule}.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="126"/>
        <source>{shift} pixels for true-colour rasters with pixels under {size:g} m or of unknown size, none for SAR and multispectral ones</source>
        <translation>{shift} pixels pour les rasters en couleurs naturelles aux pixels de moins de {size:g} m ou de taille inconnue, aucun pour les rasters SAR et multispectraux</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="131"/>
        <source>Shift tolerance (pixels)</source>
        <translation>Tolérance de décalage (pixels)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="132"/>
        <source>Fine-tune the VGG16 feature extractor</source>
        <translation>Affiner l'extracteur de caractéristiques VGG16</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/settings_panel.py" line="133"/>
        <source>Also optimise the deep features on this pair (much slower on CPU).</source>
        <translation>Optimiser aussi les caractéristiques profondes sur cette paire (beaucoup plus lent sur CPU).</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/naming.py" line="35"/>
        <source>ImageNet D-FE weights</source>
        <translation>poids D-FE ImageNet</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/naming.py" line="37"/>
        <source>D-FE weights {file}</source>
        <translation>poids D-FE {file}</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/naming.py" line="39"/>
        <source>random D-FE weights</source>
        <translation>poids D-FE aléatoires</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/naming.py" line="42"/>
        <source>Metric-CD {preset}, {weights}</source>
        <translation>Metric-CD {preset}, {weights}</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/naming.py" line="55"/>
        <source>set after the run</source>
        <translation>choisi après le calcul</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/naming.py" line="57"/>
        <source>automatic, set after the run</source>
        <translation>automatique, choisi après le calcul</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="91"/>
        <source>user value</source>
        <translation>valeur de l'utilisateur</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/naming.py" line="61"/>
        <source>automatic</source>
        <translation>automatique</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/naming.py" line="62"/>
        <source>threshold {value}, {how}</source>
        <translation>seuil {value}, {how}</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_state.py" line="69"/>
        <source>The download of the ImageNet VGG16 weights failed earlier in this session: Run will use seeded random weights (lower quality) unless you retry the download.</source>
        <translation>Le téléchargement des poids VGG16 ImageNet a échoué plus tôt dans cette session : Lancer utilisera des poids aléatoires initialisés par la graine (qualité moindre), sauf si vous relancez le téléchargement.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/notify.py" line="77"/>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/notify.py" line="78"/>
        <source>Show the whole message.</source>
        <translation>Afficher le message complet.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="38"/>
        <source>Checking VGG16 weights already on this computer</source>
        <translation>Vérification des poids VGG16 déjà présents sur cet ordinateur</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="39"/>
        <source>Downloading the ImageNet VGG16 feature layers ({size}, once)</source>
        <translation>Téléchargement des couches de caractéristiques VGG16 ImageNet ({size}, une seule fois)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="40"/>
        <source>Downloading the ImageNet VGG16 feature layers ({size}, once): {percent} %</source>
        <translation>Téléchargement des couches de caractéristiques VGG16 ImageNet ({size}, une seule fois) : {percent} %</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="41"/>
        <source>Downloading the ImageNet VGG16 weights ({size}, once: the server sends no parts)</source>
        <translation>Téléchargement des poids VGG16 ImageNet ({size}, une seule fois : le serveur n'envoie pas de parties)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="42"/>
        <source>Downloading the ImageNet VGG16 weights ({size}, once: the server sends no parts): {percent} %</source>
        <translation>Téléchargement des poids VGG16 ImageNet ({size}, une seule fois : le serveur n'envoie pas de parties) : {percent} %</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="44"/>
        <source>Normalising T1 onto T2</source>
        <translation>Normalisation de T1 sur T2</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="45"/>
        <source>Computing deep features of the fitting area</source>
        <translation>Calcul des caractéristiques profondes de la zone d'ajustement</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="46"/>
        <source>Fitting the change network</source>
        <translation>Ajustement du réseau de changement</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="47"/>
        <source>Predicting change probability</source>
        <translation>Prédiction de la probabilité de changement</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="48"/>
        <source>Comparing with the log-ratio&apos;s sure pixels</source>
        <translation>Comparaison avec les pixels sûrs du log-ratio</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="50"/>
        <source>Writing the change mask</source>
        <translation>Écriture du masque de changement</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="51"/>
        <source>Measuring the changed area</source>
        <translation>Mesure de la surface changée</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="52"/>
        <source>Fitting the radiometric normalisation</source>
        <translation>Ajustement de la normalisation radiométrique</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="53"/>
        <source>Fitting {method} on {where}</source>
        <translation>Ajustement de {method} sur {where}</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="54"/>
        <source>Computing the {method} score window by window</source>
        <translation>Calcul du score {method} fenêtre par fenêtre</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="55"/>
        <source>Selecting changed pixels</source>
        <translation>Sélection des pixels changés</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="56"/>
        <source>Polygonizing the change mask</source>
        <translation>Polygonisation du masque de changement</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="57"/>
        <source>Burning polygon ids</source>
        <translation>Inscription des identifiants de polygones</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="58"/>
        <source>Measuring the change probability per polygon</source>
        <translation>Mesure de la probabilité de changement par polygone</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="59"/>
        <source>Writing the polygons</source>
        <translation>Écriture des polygones</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="60"/>
        <source>Reading the change probability</source>
        <translation>Lecture de la probabilité de changement</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="65"/>
        <source>the area</source>
        <translation>la zone</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="65"/>
        <source>a sample of windows</source>
        <translation>un échantillon de fenêtres</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="87"/>
        <source>probability of change above 0.5</source>
        <translation>probabilité de changement supérieure à 0,5</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="89"/>
        <source>Otsu on the change probability, above 0.5</source>
        <translation>Otsu sur la probabilité de changement, au-dessus de 0,5</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="90"/>
        <source>Otsu on the change probability</source>
        <translation>Otsu sur la probabilité de changement</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="92"/>
        <source>0.5 (no valid pixel)</source>
        <translation>0,5 (aucun pixel valide)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="107"/>
        <source>automatic: the run&apos;s own ({rule})</source>
        <translation>automatique : celui du calcul ({rule})</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="109"/>
        <source>automatic: the run&apos;s own (recorded in the file)</source>
        <translation>automatique : celui du calcul (enregistré dans le fichier)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="111"/>
        <source>automatic: {rule}</source>
        <translation>automatique : {rule}</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="113"/>
        <source>automatic: 0.5 (no valid pixel)</source>
        <translation>automatique : 0,5 (aucun pixel valide)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="115"/>
        <source>automatic: Otsu on the histogram</source>
        <translation>automatique : Otsu sur l'histogramme</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="175"/>
        <source>The ImageNet VGG16 weights could not be downloaded: seeded random weights were used, so the change map is of lower quality.</source>
        <translation>Les poids VGG16 ImageNet n'ont pas pu être téléchargés : des poids aléatoires initialisés par la graine ont été utilisés, la carte des changements est donc de qualité moindre.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/threshold_panel.py" line="190"/>
        <source>Automatic threshold {value} ({origin}).</source>
        <translation>Seuil automatique {value} ({origin}).</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/threshold_panel.py" line="272"/>
        <source>Metric-CD: change mask at threshold {value}</source>
        <translation>Metric-CD : masque de changement au seuil {value}</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/threshold_panel.py" line="278"/>
        <source>Writing the change mask at {value}…</source>
        <translation>Écriture du masque de changement à {value}…</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/threshold_panel.py" line="295"/>
        <source>Change mask written at threshold {value}: {path}</source>
        <translation>Masque de changement écrit au seuil {value} : {path}</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_state.py" line="40"/>
        <source>Retry the download</source>
        <translation>Relancer le téléchargement</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="143"/>
        <source>{reason}

Seeded random VGG16 weights were used instead: the change map is of lower quality. For the ImageNet weights, run again online, or download {url} ({size}) with your browser and choose it with {file}, or copy it into {places}.</source>
        <translation>{reason}

Des poids VGG16 aléatoires initialisés par la graine ont été utilisés à la place : la carte des changements est de qualité moindre. Pour les poids ImageNet, relancez en ligne, ou téléchargez {url} ({size}) avec votre navigateur et choisissez-le avec {file}, ou copiez-le dans {places}.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/naming.py" line="41"/>
        <source>fast</source>
        <translation>rapide</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/naming.py" line="41"/>
        <source>paper</source>
        <translation>article</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="33"/>
        <source>{size} MB</source>
        <translation>{size} Mo</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="129"/>
        <source>Could not download {url} ({error}); is this computer offline?</source>
        <translation>Impossible de télécharger {url} ({error}) ; cet ordinateur est-il hors ligne ?</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="131"/>
        <source>Downloading {url} failed: the server answered {answer}.</source>
        <translation>Le téléchargement de {url} a échoué : le serveur a répondu {answer}.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/step_words.py" line="14"/>
        <source>{m} min</source>
        <translation>{m} min</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/step_words.py" line="21"/>
        <source>Fitting</source>
        <translation>Ajustement</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/step_words.py" line="24"/>
        <source>{stage}: iteration {done} of {total}</source>
        <translation>{stage} : itération {done} sur {total}</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/step_words.py" line="25"/>
        <source>{stage}: iteration {done} of {total}, about {left} left</source>
        <translation>{stage} : itération {done} sur {total}, il reste environ {left}</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/styling.py" line="78"/>
        <source>&gt; {value} (threshold)</source>
        <translation>&gt; {value} (seuil)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/styling.py" line="78"/>
        <source>&gt; {value} (lower values transparent)</source>
        <translation>&gt; {value} (valeurs inférieures transparentes)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/styling.py" line="81"/>
        <source>1 (change)</source>
        <translation>1 (changement)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/styling.py" line="94"/>
        <source>≤ {value}: no change (not drawn)</source>
        <translation>≤ {value} : pas de changement (non dessiné)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/styling.py" line="94"/>
        <source>&gt; {value}: change (preview)</source>
        <translation>&gt; {value} : changement (aperçu)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/styling.py" line="111"/>
        <source>no change (≤ {value})</source>
        <translation>pas de changement (≤ {value})</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/styling.py" line="112"/>
        <source>change (&gt; {value})</source>
        <translation>changement (&gt; {value})</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="121"/>
        <source>{cache} or {hub}</source>
        <translation>{cache} ou {hub}</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="134"/>
        <source>The copy &apos;{path}&apos; does not have the published SHA-256 (truncated, or another file) and was not used.</source>
        <translation>La copie « {path} » n'a pas le SHA-256 publié (tronquée, ou un autre fichier) et n'a pas été utilisée.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="141"/>
        <source>D-FE uses seeded random VGG16 weights, not ImageNet ones: the change map is of lower quality. Choose {imagenet} for real work.</source>
        <translation>Le D-FE utilise des poids VGG16 aléatoires initialisés par la graine, pas ceux d'ImageNet : la carte des changements est de qualité moindre. Choisissez {imagenet} pour un vrai travail.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="146"/>
        <source>{reason} Or download {url} with your browser and choose it with {file}, or copy it into {places}; or choose {random} (works offline, lower quality).</source>
        <translation>{reason} Ou téléchargez {url} avec votre navigateur et choisissez-le avec {file}, ou copiez-le dans {places} ; ou choisissez {random} (fonctionne hors ligne, qualité moindre).</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="148"/>
        <source>VGG16 weights file &apos;{path}&apos; does not exist; choose {imagenet}, {random} or a .pth state dict of torchvision&apos;s vgg16.</source>
        <translation>Le fichier de poids VGG16 « {path} » n'existe pas ; choisissez {imagenet}, {random} ou un state dict .pth du vgg16 de torchvision.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="20"/>
        <source>{label} raster &apos;{path}&apos; does not exist; check the path.</source>
        <translation>Le raster {label} « {path} » n'existe pas ; vérifiez le chemin.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="21"/>
        <source>{label} &apos;{path}&apos; is a device, pipe or socket, not a file; choose a raster file (GeoTIFF, JP2, VRT...).</source>
        <translation>{label} « {path} » est un périphérique, un tube ou une socket, pas un fichier ; choisissez un fichier raster (GeoTIFF, JP2, VRT...).</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="23"/>
        <source>{label} raster &apos;{path}&apos; has a colour table on a band of several; its values are palette numbers, not measurements: expand it to colours (gdal_translate -expand rgba) and choose that file.</source>
        <translation>Le raster {label} « {path} » a une table de couleurs sur une bande parmi plusieurs ; ses valeurs sont des numéros de palette, pas des mesures : développez-le en couleurs (gdal_translate -expand rgba) et choisissez ce fichier.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="26"/>
        <source>{label} file &apos;{path}&apos; holds vector data (points, lines or polygons), not a raster; choose a raster file (GeoTIFF, JP2, VRT...).</source>
        <translation>Le fichier {label} « {path} » contient des données vecteur (points, lignes ou polygones), pas un raster ; choisissez un fichier raster (GeoTIFF, JP2, VRT...).</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="28"/>
        <source>{label} raster &apos;{path}&apos; cannot be opened by GDAL ({error}); check the name (e.g. /vsizip/archive.zip/inner.tif or NETCDF:&quot;file.nc&quot;:variable).</source>
        <translation>GDAL ne peut pas ouvrir le raster {label} « {path} » ({error}) ; vérifiez le nom (p. ex. /vsizip/archive.zip/inner.tif ou NETCDF:&quot;file.nc&quot;:variable).</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="30"/>
        <source>{label} raster &apos;{path}&apos; cannot be read by GDAL ({error}); choose a raster file (GeoTIFF, JP2, VRT...).</source>
        <translation>GDAL ne peut pas lire le raster {label} « {path} » ({error}) ; choisissez un fichier raster (GeoTIFF, JP2, VRT...).</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="32"/>
        <source>{label} file &apos;{path}&apos; holds several rasters (subdatasets); choose one of them by name: {shown}.</source>
        <translation>Le fichier {label} « {path} » contient plusieurs rasters (sous-jeux de données) ; choisissez-en un par son nom : {shown}.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="34"/>
        <source>{label} file &apos;{path}&apos; is not a raster with bands; choose a raster file.</source>
        <translation>Le fichier {label} « {path} » n'est pas un raster avec des bandes ; choisissez un fichier raster.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="35"/>
        <source>{label} band {band} of &apos;{path}&apos; holds complex numbers ({type}); Metric-CD compares real values, so write its amplitude to a new raster first (e.g. the Raster Calculator&apos;s abs()) and choose that.</source>
        <translation>La bande {band} de {label} « {path} » contient des nombres complexes ({type}) ; Metric-CD compare des valeurs réelles : écrivez d'abord son amplitude dans un nouveau raster (p. ex. abs() de la calculatrice raster) et choisissez celui-ci.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="38"/>
        <source>{label} has {count} band(s); band(s) {bad} do not exist. Choose bands between 1 and {count}.</source>
        <translation>{label} a {count} bande(s) ; la ou les bandes {bad} n'existent pas. Choisissez des bandes entre 1 et {count}.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="40"/>
        <source>{count} bands were chosen to compare; Metric-CD compares at most {maximum} (the widest imaging spectrometers record about 430); choose the bands of one date with the band selection (e.g. 4,3,2), or reduce them first (e.g. a PCA of the bands).</source>
        <translation>{count} bandes ont été choisies pour la comparaison ; Metric-CD en compare au plus {maximum} (les spectromètres imageurs les plus larges en enregistrent environ 430) ; choisissez les bandes d'une date avec la sélection de bandes (p. ex. 4,3,2), ou réduisez-les d'abord (p. ex. une ACP des bandes).</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="43"/>
        <source>T1 has {t1} band(s) and T2 has {t2}; choose the same number of bands for each date with the band selection (e.g. 4,3,2 for T1 and 3,2,1 for T2).</source>
        <translation>T1 a {t1} bande(s) et T2 en a {t2} ; choisissez le même nombre de bandes pour chaque date avec la sélection de bandes (p. ex. 4,3,2 pour T1 et 3,2,1 pour T2).</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="45"/>
        <source>T1 and T2 are the same raster (&apos;{path}&apos;); choose the rasters of the two dates to compare (or, for a file that holds both dates, different bands for each).</source>
        <translation>T1 et T2 sont le même raster (« {path} ») ; choisissez les rasters des deux dates à comparer (ou, pour un fichier qui contient les deux dates, des bandes différentes pour chacune).</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="47"/>
        <source>Comparing {bands} bands would need about {need_gb} GB of memory and {free_gb} GB are available; choose fewer bands (the band selection, e.g. 4,3,2) or run on a machine with more memory.</source>
        <translation>Comparer {bands} bandes demanderait environ {need_gb} Go de mémoire et {free_gb} Go sont disponibles ; choisissez moins de bandes (la sélection de bandes, p. ex. 4,3,2) ou lancez sur une machine avec plus de mémoire.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="50"/>
        <source>{label} raster &apos;{path}&apos; is a virtual raster (VRT) whose source cannot be read ({reason}); check that the files it refers to exist and that it does not refer to itself.</source>
        <translation>Le raster {label} « {path} » est un raster virtuel (VRT) dont la source ne peut pas être lue ({reason}) ; vérifiez que les fichiers auxquels il renvoie existent et qu'il ne renvoie pas à lui-même.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="53"/>
        <source>{label} raster &apos;{path}&apos; cannot be read ({reason}); the file is damaged or incomplete (e.g. an interrupted copy or download): copy it again or choose another file.</source>
        <translation>Le raster {label} « {path} » ne peut pas être lu ({reason}) ; le fichier est endommagé ou incomplet (p. ex. une copie ou un téléchargement interrompu) : copiez-le à nouveau ou choisissez un autre fichier.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="55"/>
        <source>T1 and T2 overlap on only {width} x {height} pixel, too small to compare; choose rasters (or an extent) that share more of the same place.</source>
        <translation>T1 et T2 ne se recouvrent que sur {width} x {height} pixel, trop peu pour comparer ; choisissez des rasters (ou une emprise) qui partagent davantage du même lieu.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="57"/>
        <source>Fewer than two pixels are valid on both dates; check the nodata settings and that the rasters overlap.</source>
        <translation>Moins de deux pixels sont valides aux deux dates ; vérifiez les réglages de nodata et que les rasters se recouvrent.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="59"/>
        <source>Fewer than two pixels are valid on both dates: {empty} (NaN or nodata everywhere); check the nodata settings and that the rasters overlap.</source>
        <translation>Moins de deux pixels sont valides aux deux dates : {empty} (NaN ou nodata partout) ; vérifiez les réglages de nodata et que les rasters se recouvrent.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="61"/>
        <source>Fewer than two pixels are valid on both dates: {empty} (NaN or nodata everywhere), so leave such bands out with the band selection or check the nodata settings and that the rasters overlap.</source>
        <translation>Moins de deux pixels sont valides aux deux dates : {empty} (NaN ou nodata partout) ; écartez ces bandes avec la sélection de bandes ou vérifiez les réglages de nodata et que les rasters se recouvrent.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="64"/>
        <source>Unknown data kind &apos;{kind}&apos;; choose one of {choices}.</source>
        <translation>Type de données « {kind} » inconnu ; choisissez parmi {choices}.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="71"/>
        <source>T1 and T2 have only RPCs (a sensor model) and the ground they cover does not overlap (T1 around {t1_lat}, {t1_lon}; T2 around {t2_lat}, {t2_lon} degrees of latitude, longitude), so they show different places; choose two scenes of the same place, orthorectified (gdalwarp -rpc) to compare them by place.</source>
        <translation>T1 et T2 n'ont que des RPC (un modèle de capteur) et les terrains qu'ils couvrent ne se recouvrent pas (T1 vers {t1_lat} ; {t1_lon}, T2 vers {t2_lat} ; {t2_lon} degrés de latitude ; longitude) : ils montrent des lieux différents ; choisissez deux scènes du même lieu, orthorectifiées (gdalwarp -rpc) pour les comparer par lieu.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="75"/>
        <source>Neither raster is georeferenced and T1 is {t1_width}x{t1_height} pixels while T2 is {t2_width}x{t2_height}; without a georeference they can only be compared pixel to pixel, so georeference both (e.g. with the Georeferencer) or give rasters of one size.</source>
        <translation>Aucun des deux rasters n'est géoréférencé et T1 fait {t1_width}x{t1_height} pixels alors que T2 fait {t2_width}x{t2_height} ; sans géoréférence ils ne peuvent être comparés que pixel à pixel : géoréférencez-les tous les deux (p. ex. avec le Géoréférenceur) ou donnez des rasters de même taille.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="79"/>
        <source>An extent needs georeferenced rasters, and T1 and T2 have no georeference; leave the extent empty or georeference them.</source>
        <translation>Une emprise demande des rasters géoréférencés, et T1 et T2 n'ont pas de géoréférence ; laissez l'emprise vide ou géoréférencez-les.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="81"/>
        <source>{georeferenced} is georeferenced but {missing} is not, so they cannot be put on one grid; georeference {missing} (e.g. with the Georeferencer, or gdal_translate -a_srs -a_ullr), or give two rasters of one size without georeference.</source>
        <translation>{georeferenced} est géoréférencé mais pas {missing} : ils ne peuvent pas être mis sur une même grille ; géoréférencez {missing} (p. ex. avec le Géoréférenceur, ou gdal_translate -a_srs -a_ullr), ou donnez deux rasters de même taille sans géoréférence.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="85"/>
        <source>{label}&apos;s geotransform {geotransform} has a zero pixel size or a NaN, so its pixels have no place; fix its georeference (gdal_edit -a_ullr, or the Georeferencer).</source>
        <translation>La géotransformation {geotransform} de {label} a une taille de pixel nulle ou un NaN : ses pixels n'ont pas de position ; corrigez sa géoréférence (gdal_edit -a_ullr, ou le Géoréférenceur).</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="88"/>
        <source>{label} has no CRS while the other raster has one, so they cannot be aligned; set {label}&apos;s CRS (Layer Properties &gt; Source, or gdal_edit -a_srs).</source>
        <translation>{label} n'a pas de SCR alors que l'autre raster en a un : ils ne peuvent pas être alignés ; définissez le SCR de {label} (Propriétés de la couche &gt; Source, ou gdal_edit -a_srs).</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="90"/>
        <source>T2&apos;s CRS ({crs2}) cannot be converted to T1&apos;s ({crs1}): {reason}. A local (engineering) CRS has no link to a map projection; give both rasters in one CRS.</source>
        <translation>Le SCR de T2 ({crs2}) ne peut pas être converti en celui de T1 ({crs1}) : {reason}. Un SCR local (d'ingénierie) n'a pas de lien avec une projection cartographique ; donnez les deux rasters dans un même SCR.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="92"/>
        <source>T1 and T2 do not overlap; check that they show the same place and that their CRS are set.</source>
        <translation>T1 et T2 ne se recouvrent pas ; vérifiez qu'ils montrent le même lieu et que leurs SCR sont définis.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="94"/>
        <source>T1 and T2 overlap by less than one pixel of T1; check that they show the same place and that their CRS are set.</source>
        <translation>T1 et T2 se recouvrent sur moins d'un pixel de T1 ; vérifiez qu'ils montrent le même lieu et que leurs SCR sont définis.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="96"/>
        <source>The extent {extent} does not cover any part of the area T1 and T2 share; give an extent inside that area, in T1&apos;s CRS.</source>
        <translation>L'emprise {extent} ne couvre aucune partie de la zone commune à T1 et T2 ; donnez une emprise dans cette zone, dans le SCR de T1.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="98"/>
        <source>The area T1 and T2 share falls outside T2's pixels on T1's grid (their georeferences disagree, e.g. longitudes numbered past 180°); check both georeferences, or warp T2 onto T1's grid first (gdalwarp).</source>
        <translation>La zone commune à T1 et T2 tombe hors des pixels de T2 sur la grille de T1 (leurs géoréférences divergent, p. ex. des longitudes numérotées au-delà de 180°) ; vérifiez les deux géoréférences, ou reprojetez d'abord T2 sur la grille de T1 (gdalwarp).</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="107"/>
        <source>Writing &apos;{path}&apos; failed{detail}; the system refused it: the file or its folder is read-only or locked (e.g. chattr +i): choose another file or folder, or make it writable. Nothing was written.</source>
        <translation>L'écriture de « {path} » a échoué{detail} ; le système l'a refusée : le fichier ou son dossier est en lecture seule ou verrouillé (p. ex. chattr +i) : choisissez un autre fichier ou dossier, ou rendez-le modifiable. Rien n'a été écrit.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="110"/>
        <source>Writing &apos;{path}&apos; failed{detail}; the folder is on a read-only file system: choose a folder on a writable disk. Nothing was written.</source>
        <translation>L'écriture de « {path} » a échoué{detail} ; le dossier est sur un système de fichiers en lecture seule : choisissez un dossier sur un disque modifiable. Rien n'a été écrit.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="112"/>
        <source>Writing &apos;{path}&apos; failed{detail}; the disk may be full or the file too large for it: free some space or choose another folder. Nothing was written.</source>
        <translation>L'écriture de « {path} » a échoué{detail} ; le disque est peut-être plein ou le fichier trop grand pour lui : libérez de l'espace ou choisissez un autre dossier. Rien n'a été écrit.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="114"/>
        <source>Cannot create &apos;{path}&apos; ({error}); check the folder and free disk space.</source>
        <translation>Impossible de créer « {path} » ({error}) ; vérifiez le dossier et l'espace disque libre.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="115"/>
        <source>The {what} could not be written to &apos;{path}&apos; ({error}); check the folder and the free space, then run again.</source>
        <translation>Impossible d'écrire « {path} » ({what} ; {error}) ; vérifiez le dossier et l'espace libre, puis relancez.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="117"/>
        <source>The minimum area {min_area} is not an area; give 0 or more square map units.</source>
        <translation>La surface minimale {min_area} n'est pas une surface ; donnez 0 ou plus, en unités de carte au carré.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="118"/>
        <source>The minimum polygon size {min_pixels} is negative; give 0 or more pixels.</source>
        <translation>La taille minimale de polygone {min_pixels} est négative ; donnez 0 pixel ou plus.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="119"/>
        <source>The change mask is {mask_width}x{mask_height} pixels and the probability {width}x{height}; give rasters of one grid.</source>
        <translation>Le masque de changement fait {mask_width}x{mask_height} pixels et la probabilité {width}x{height} ; donnez des rasters d'une même grille.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="121"/>
        <source>&apos;{path}&apos; has {count} bands, so it is not a change probability (one band in [0, 1]); choose the change probability a Metric-CD run wrote.</source>
        <translation>« {path} » a {count} bandes, ce n'est donc pas une probabilité de changement (une bande dans [0, 1]) ; choisissez la probabilité de changement écrite par un traitement Metric-CD.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="123"/>
        <source>&apos;{path}&apos; holds {type} values (a change mask?), not a change probability (Float32 in [0, 1]); choose the change probability a Metric-CD run wrote.</source>
        <translation>« {path} » contient des valeurs {type} (un masque de changement ?), pas une probabilité de changement (Float32 dans [0, 1]) ; choisissez la probabilité de changement écrite par un traitement Metric-CD.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="125"/>
        <source>&apos;{path}&apos; holds values outside [0, 1] (e.g. {value}), so it is not a change probability; choose the change probability a Metric-CD run wrote.</source>
        <translation>« {path} » contient des valeurs hors de [0, 1] (p. ex. {value}), ce n'est donc pas une probabilité de changement ; choisissez la probabilité de changement écrite par un traitement Metric-CD.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="127"/>
        <source>&apos;{path}&apos; holds no valid value (NaN or nodata everywhere), so there is nothing to threshold; choose the change probability of a run that compared some pixels.</source>
        <translation>« {path} » ne contient aucune valeur valide (NaN ou nodata partout), il n'y a donc rien à seuiller ; choisissez la probabilité de changement d'un traitement qui a comparé des pixels.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="136"/>
        <source>The area to compare is {width} x {height} pixels; Metric-CD needs at least {side} x {side}. Choose a larger area, or a classical method (CVA, PCA-KMeans, IR-MAD), which works at any size.</source>
        <translation>La zone à comparer fait {width} x {height} pixels ; Metric-CD demande au moins {side} x {side}. Choisissez une zone plus grande, ou une méthode classique (CVA, PCA-KMeans, IR-MAD), qui fonctionne à toute taille.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="139"/>
        <source>The GPU ran out of memory even with the smallest tiles; choose device &apos;cpu&apos; or close other GPU programs.</source>
        <translation>Le GPU a manqué de mémoire même avec les plus petites tuiles ; choisissez le périphérique « cpu » ou fermez les autres programmes qui utilisent le GPU.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="141"/>
        <source>No area with enough valid pixels on both dates was found to fit the model; check nodata values and the overlap of the two rasters.</source>
        <translation>Aucune zone ayant assez de pixels valides aux deux dates n'a été trouvée pour ajuster le modèle ; vérifiez les valeurs nodata et le recouvrement des deux rasters.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="143"/>
        <source>The change network gave invalid values (NaN) on these rasters, so nothing was written; please report it, and use a classical method (CVA, PCA-KMeans, IR-MAD) meanwhile.</source>
        <translation>Le réseau de changement a donné des valeurs invalides (NaN) sur ces rasters, rien n'a donc été écrit ; signalez-le, et utilisez en attendant une méthode classique (CVA, PCA-KMeans, IR-MAD).</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="145"/>
        <source>Unknown preset &apos;{preset}&apos;; choose one of {choices}.</source>
        <translation>Préréglage « {preset} » inconnu ; choisissez parmi {choices}.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="146"/>
        <source>Iterations must be at least 1.</source>
        <translation>Le nombre d'itérations doit valoir au moins 1.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="147"/>
        <source>CUDA was requested but this PyTorch has no usable CUDA device; choose device &apos;cpu&apos; or &apos;auto&apos;, or install a CUDA build of PyTorch.</source>
        <translation>CUDA a été demandé mais ce PyTorch n'a pas de périphérique CUDA utilisable ; choisissez le périphérique « cpu » ou « auto », ou installez une version CUDA de PyTorch.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="149"/>
        <source>Unknown device &apos;{device}&apos;; choose {choices}.</source>
        <translation>Périphérique « {device} » inconnu ; choisissez {choices}.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="151"/>
        <source>Threads &apos;{threads}&apos; is not a whole number of 1 or more; give how many CPU threads to use, or leave it out for one per core.</source>
        <translation>Fils d'exécution « {threads} » n'est pas un nombre entier de 1 ou plus ; donnez le nombre de fils CPU à utiliser, ou laissez vide pour un par cœur.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="153"/>
        <source>Unknown classical method &apos;{method}&apos;; choose one of {choices}.</source>
        <translation>Méthode classique « {method} » inconnue ; choisissez parmi {choices}.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="154"/>
        <source>PyTorch is not installed for this QGIS. Use Plugins &gt; Metric-CD &gt; Install PyTorch..., then restart QGIS. The classical methods (CVA, PCA-KMeans, IR-MAD) work without it.</source>
        <translation>PyTorch n'est pas installé pour ce QGIS. Utilisez Extensions &gt; Metric-CD &gt; Install PyTorch..., puis redémarrez QGIS. Les méthodes classiques (CVA, PCA-KMeans, IR-MAD) fonctionnent sans lui.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="156"/>
        <source>PyTorch is installed but does not load ({detail}). Reinstall it with Plugins &gt; Metric-CD &gt; Install PyTorch..., then restart QGIS.</source>
        <translation>PyTorch est installé mais ne se charge pas ({detail}). Réinstallez-le avec Extensions &gt; Metric-CD &gt; Install PyTorch..., puis redémarrez QGIS.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="162"/>
        <source>The run was cancelled; no output was written.</source>
        <translation>Le traitement a été annulé ; aucune sortie n'a été écrite.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="176"/>
        <source>{label} has no valid value in any band</source>
        <translation>{label} n'a aucune valeur valide dans aucune bande</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="178"/>
        <source>{label} bands {bands} hold no valid value</source>
        <translation>les bandes {bands} de {label} n'ont aucune valeur valide</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="178"/>
        <source>{label} band {bands} holds no valid value</source>
        <translation>la bande {bands} de {label} n'a aucune valeur valide</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="181"/>
        <source> and </source>
        <translation> et </translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="199"/>
        <source>{names} and {count} more</source>
        <translation>{names} et {count} autres</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/problem_words.py" line="37"/>
        <source>output</source>
        <translation>sortie</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/problem_words.py" line="37"/>
        <source>polygon output</source>
        <translation>polygones en sortie</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/problem_words.py" line="38"/>
        <source>change summary</source>
        <translation>résumé des changements</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="158"/>
        <source>The weights cache folder &apos;{folder}&apos; cannot be created ({reason}); choose another folder, or random weights.</source>
        <translation>Le dossier de cache des poids « {folder} » ne peut pas être créé ({reason}) ; choisissez un autre dossier, ou des poids aléatoires.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="160"/>
        <source>The weights cache folder &apos;{folder}&apos; is not writable; choose another folder, or random weights.</source>
        <translation>Le dossier de cache des poids « {folder} » n'est pas accessible en écriture ; choisissez un autre dossier, ou des poids aléatoires.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/accuracy_algorithm.py" line="25"/>
        <source>F1 score</source>
        <translation>Score F1</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/accuracy_algorithm.py" line="25"/>
        <source>Precision</source>
        <translation>Précision</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/accuracy_algorithm.py" line="26"/>
        <source>Recall</source>
        <translation>Rappel</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/accuracy_algorithm.py" line="26"/>
        <source>Cohen&apos;s kappa</source>
        <translation>Kappa de Cohen</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="153"/>
        <source>Overall accuracy</source>
        <translation>Exactitude globale</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/accuracy_algorithm.py" line="28"/>
        <source>IoU of change</source>
        <translation>IoU du changement</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/accuracy_algorithm.py" line="29"/>
        <source>ROC AUC</source>
        <translation>AUC ROC</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/accuracy_algorithm.py" line="60"/>
        <source>Change raster (probability, score or mask)</source>
        <translation>Raster de changement (probabilité, score ou masque)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/accuracy_algorithm.py" line="61"/>
        <source>Reference raster</source>
        <translation>Raster de référence</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/accuracy_algorithm.py" line="62"/>
        <source>Reference kind</source>
        <translation>Type de référence</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/accuracy_algorithm.py" line="63"/>
        <source>Threshold for a continuous change raster (empty = stored in the file, else 0.5)</source>
        <translation>Seuil pour un raster de changement continu (vide = celui enregistré dans le fichier, sinon 0,5)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/accuracy_algorithm.py" line="66"/>
        <source>Accuracy report (HTML)</source>
        <translation>Rapport de précision (HTML)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/accuracy_algorithm.py" line="69"/>
        <source>Accuracy table (CSV)</source>
        <translation>Tableau de précision (CSV)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/algorithm_help.py" line="22"/>
        <source>&lt;li&gt;&lt;b&gt;T1, T2&lt;/b&gt;: the same place at two dates, co-registered (two rasters: one file or layer for both dates is refused, unless different bands are chosen for each). When their grids differ (CRS, pixel size, extent), T2 is resampled onto T1&apos;s grid (bilinear; nearest for categorical data) and only the area both cover is processed; the log says what was done. Rasters without georeference must have the same size. Layers that are not plain raster files are exported to a temporary GeoTIFF; web maps (WMS/XYZ) are refused.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Extent&lt;/b&gt; (optional): process only this part (in any CRS; it is reprojected to T1&apos;s and snapped to T1&apos;s pixels).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Bands of T1 / T2&lt;/b&gt;: band numbers such as &lt;code&gt;4,3,2&lt;/code&gt;, the same count for both dates; empty = all bands.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Threshold&lt;/b&gt;: &lt;code&gt;auto&lt;/code&gt; (the method&apos;s label-free rule) or a value in [0, 1]; change = value above it.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Seed&lt;/b&gt;: makes sampling (and network initialisation) repeatable.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Minimum polygon area&lt;/b&gt;: in square map units (m&amp;sup2; for a metric CRS); smaller change polygons are left out of the polygon output.&lt;/li&gt;&lt;/ul&gt;</source>
        <translation>&lt;li&gt;&lt;b&gt;T1, T2&lt;/b&gt; : le même lieu à deux dates, co-registrées (deux rasters : un même fichier ou une même couche pour les deux dates est refusé, sauf si des bandes différentes sont choisies pour chacune). Quand leurs grilles diffèrent (SCR, taille de pixel, emprise), T2 est rééchantillonné sur la grille de T1 (bilinéaire ; plus proche voisin pour les données catégorielles) et seule la zone couverte par les deux est traitée ; le journal indique ce qui a été fait. Les rasters sans géoréférence doivent avoir la même taille. Les couches qui ne sont pas de simples fichiers raster sont exportées dans un GeoTIFF temporaire ; les cartes web (WMS/XYZ) sont refusées.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Emprise&lt;/b&gt; (facultative) : traiter seulement cette partie (dans n'importe quel SCR ; elle est reprojetée dans celui de T1 et calée sur les pixels de T1).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Bandes de T1 / T2&lt;/b&gt; : des numéros de bandes tels que &lt;code&gt;4,3,2&lt;/code&gt;, en même nombre pour les deux dates ; vide = toutes les bandes.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Seuil&lt;/b&gt; : &lt;code&gt;auto&lt;/code&gt; (la règle de la méthode, sans étiquettes) ou une valeur dans [0, 1] ; changement = valeur au-dessus.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Graine&lt;/b&gt; : rend l'échantillonnage (et l'initialisation du réseau) reproductible.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Surface minimale des polygones&lt;/b&gt; : en unités de carte carrées (m&amp;sup2; pour un SCR métrique) ; les polygones de changement plus petits sont écartés de la sortie polygones.&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/algorithm_help.py" line="41"/>
        <source>&lt;li&gt;&lt;b&gt;{what}&lt;/b&gt;: Float32 GeoTIFF in [0, 1], nodata -1 where either date is invalid.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Change mask&lt;/b&gt; (optional): Byte GeoTIFF, 1 = change, 0 = no change, nodata 255.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Change polygons&lt;/b&gt; (optional): GeoPackage of the changed areas with &lt;code&gt;area&lt;/code&gt; (square map units), &lt;code&gt;area_ha&lt;/code&gt; (hectares, when the CRS has metres or feet), &lt;code&gt;pixels&lt;/code&gt;, &lt;code&gt;peak_prob&lt;/code&gt; and &lt;code&gt;mean_prob&lt;/code&gt; (maximum and mean {what_lower} inside) and &lt;code&gt;rank&lt;/code&gt; (1 = highest peak); polygons under 4 pixels are left out.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Threshold used&lt;/b&gt;: the value the mask was cut at.&lt;/li&gt;&lt;li&gt;&lt;b&gt;How much changed&lt;/b&gt;: changed area in square map units and in hectares (when the CRS has a ground unit), its share of the valid area, changed pixels and change patches (groups of touching change pixels); also in the log and in the output&apos;s metadata, and as an HTML or CSV file with &lt;b&gt;Change summary&lt;/b&gt;.&lt;/li&gt;&lt;/ul&gt;</source>
        <translation>&lt;li&gt;&lt;b&gt;{what}&lt;/b&gt; : GeoTIFF Float32 dans [0, 1], nodata -1 là où l'une des dates est invalide.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Masque de changement&lt;/b&gt; (facultatif) : GeoTIFF Byte, 1 = changement, 0 = pas de changement, nodata 255.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Polygones de changement&lt;/b&gt; (facultatifs) : GeoPackage des zones changées avec &lt;code&gt;area&lt;/code&gt; (unités de carte carrées), &lt;code&gt;area_ha&lt;/code&gt; (hectares, quand le SCR est en mètres ou en pieds), &lt;code&gt;pixels&lt;/code&gt;, &lt;code&gt;peak_prob&lt;/code&gt; et &lt;code&gt;mean_prob&lt;/code&gt; (maximum et moyenne de « {what_lower} » à l'intérieur) et &lt;code&gt;rank&lt;/code&gt; (1 = pic le plus haut) ; les polygones de moins de 4 pixels sont écartés.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Seuil utilisé&lt;/b&gt; : la valeur à laquelle le masque a été coupé.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Quantité de changement&lt;/b&gt; : surface changée en unités de carte carrées et en hectares (quand le SCR a une unité au sol), sa part de la surface valide, les pixels changés et les taches de changement (groupes de pixels changés qui se touchent) ; aussi dans le journal et dans les métadonnées de la sortie, et dans un fichier HTML ou CSV avec &lt;b&gt;Résumé des changements&lt;/b&gt;.&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/algorithm_help.py" line="57"/>
        <source>Reference</source>
        <translation>Référence</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/algorithm_help.py" line="62"/>
        <source>Metric-CD: unsupervised deep change detection. A small change-probability network is fitted to this image pair alone (no labels, no training set) with a similarity-dissimilarity loss on pixel and VGG16 feature distances, then predicts the change probability tile by tile.</source>
        <translation>Metric-CD : détection de changements profonde et non supervisée. Un petit réseau de probabilité de changement est ajusté sur cette seule paire d'images (sans étiquettes ni jeu d'entraînement) avec une perte de similarité-dissimilarité sur les distances entre pixels et entre caractéristiques VGG16, puis prédit la probabilité de changement tuile par tuile.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/algorithm_help.py" line="100"/>
        <source>Change Vector Analysis: the length of the per-pixel spectral change vector between the radiometrically normalised dates, divided by the square root of the band count so it lies in [0, 1]; automatic threshold by Otsu&apos;s method.</source>
        <translation>Analyse des vecteurs de changement : la longueur du vecteur de changement spectral de chaque pixel entre les dates normalisées radiométriquement, divisée par la racine carrée du nombre de bandes pour rester dans [0, 1] ; seuil automatique par la méthode d'Otsu.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/change_algorithms.py" line="62"/>
        <source>Change score</source>
        <translation>Score de changement</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/algorithm_help.py" line="108"/>
        <source>PCA-KMeans: the neighbourhood of every pixel in the difference image of the normalised dates is projected onto the leading principal components of 4x4 difference blocks, then k-means splits the pixels into change and no change; the score is the relative distance to the two cluster centres (automatic threshold 0.5 = the k-means boundary).</source>
        <translation>PCA-KMeans : le voisinage de chaque pixel dans l'image des différences des dates normalisées est projeté sur les premières composantes principales de blocs de différences 4x4, puis les k-moyennes séparent les pixels en changement et pas de changement ; le score est la distance relative aux deux centres de classes (seuil automatique 0,5 = la frontière des k-moyennes).</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/algorithm_help.py" line="117"/>
        <source>IR-MAD: iteratively reweighted multivariate alteration detection. Canonical correlation between the dates gives MAD variates that are invariant to linear radiometric change; their chi-square statistic Z gives the score Z / (Z + bands), with a Kittler-Illingworth threshold on Z. Works on the raw band values.</source>
        <translation>IR-MAD : détection multivariée des altérations, repondérée itérativement. La corrélation canonique entre les dates donne des variables MAD invariantes à un changement radiométrique linéaire ; leur statistique du khi-deux Z donne le score Z / (Z + bandes), avec un seuil de Kittler-Illingworth sur Z. Travaille sur les valeurs brutes des bandes.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/algorithm_help.py" line="126"/>
        <source>&lt;p&gt;Accuracy of a change map against a reference raster on the same pixel grid: precision, recall, F1, overall accuracy, Cohen&apos;s kappa, IoU of change and, for a continuous score, ROC AUC.&lt;/p&gt;&lt;h3&gt;Inputs&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Change raster&lt;/b&gt;: a Metric-CD probability, a classical score or a 0/1 mask (band 1; its nodata is ignored).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Reference&lt;/b&gt;: band 1; kind &lt;code&gt;labels&lt;/code&gt; = 0 not labelled, 1 no change, 2 change; kind &lt;code&gt;binary&lt;/code&gt; = 0 no change, 1 or 255 change.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Threshold&lt;/b&gt;: for a continuous change raster, change = value above it; empty = the threshold stored in the file by Metric-CD, else 0.5.&lt;/li&gt;&lt;/ul&gt;&lt;h3&gt;Outputs&lt;/h3&gt;&lt;p&gt;F1, precision, recall, kappa, overall accuracy (OA), IoU and AUC as numbers (AUC and kappa are empty when undefined, e.g. AUC of a 0/1 mask); optional HTML and CSV tables with the confusion matrix.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Précision d'une carte de changement par rapport à un raster de référence sur la même grille de pixels : précision, rappel, F1, exactitude globale, kappa de Cohen, IoU du changement et, pour un score continu, AUC ROC.&lt;/p&gt;&lt;h3&gt;Entrées&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Raster de changement&lt;/b&gt; : une probabilité Metric-CD, un score classique ou un masque 0/1 (bande 1 ; son nodata est ignoré).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Référence&lt;/b&gt; : bande 1 ; type &lt;code&gt;labels&lt;/code&gt; = 0 non étiqueté, 1 pas de changement, 2 changement ; type &lt;code&gt;binary&lt;/code&gt; = 0 pas de changement, 1 ou 255 changement.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Seuil&lt;/b&gt; : pour un raster de changement continu, changement = valeur au-dessus ; vide = le seuil enregistré dans le fichier par Metric-CD, sinon 0,5.&lt;/li&gt;&lt;/ul&gt;&lt;h3&gt;Sorties&lt;/h3&gt;&lt;p&gt;F1, précision, rappel, kappa, exactitude globale (OA), IoU et AUC sous forme de nombres (AUC et kappa sont vides quand ils ne sont pas définis, p. ex. l'AUC d'un masque 0/1) ; des tableaux HTML et CSV facultatifs avec la matrice de confusion.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/algorithm_help.py" line="142"/>
        <source>&lt;p&gt;A change mask, and if asked the change polygons, from the change probability (or change score) of an earlier run at another threshold, without fitting again: the probability is read by windows, so any size of raster takes seconds to minutes in flat memory. The mask keeps the run&apos;s metadata, with the new threshold and where it came from.&lt;/p&gt;&lt;h3&gt;Inputs&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Change probability&lt;/b&gt;: the Float32 raster in [0, 1] a Metric-CD, CVA, PCA-KMeans or IR-MAD run wrote (nodata -1).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Threshold&lt;/b&gt;: &lt;code&gt;auto&lt;/code&gt; = the run&apos;s own automatic threshold (recorded in the file; Otsu on the histogram when the file records none), or a value in [0, 1]; change = value above it.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Smallest polygon&lt;/b&gt; (pixels, default 4) and &lt;b&gt;minimum polygon area&lt;/b&gt; (square map units): smaller polygons are left out.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Smooth polygon outlines&lt;/b&gt;: rounds the pixel staircase with QGIS&apos;s own smoothing (the Smooth tool&apos;s algorithm, 3 iterations, offset 0.25).&lt;/li&gt;&lt;/ul&gt;&lt;h3&gt;Outputs&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Change mask&lt;/b&gt;: Byte GeoTIFF, 1 = change, 0 = no change, nodata 255.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Change polygons&lt;/b&gt; (optional): as for the change algorithms.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Threshold used&lt;/b&gt;, where it came from, and the number of changed pixels.&lt;/li&gt;&lt;/ul&gt;</source>
        <translation>&lt;p&gt;Un masque de changement, et sur demande les polygones de changement, à partir de la probabilité de changement (ou du score de changement) d'un calcul précédent, à un autre seuil, sans nouvel ajustement : la probabilité est lue par fenêtres, si bien qu'un raster de toute taille prend de quelques secondes à quelques minutes, à mémoire constante. Le masque garde les métadonnées du calcul, avec le nouveau seuil et son origine.&lt;/p&gt;&lt;h3&gt;Entrées&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Probabilité de changement&lt;/b&gt; : le raster Float32 dans [0, 1] écrit par un calcul Metric-CD, CVA, PCA-KMeans ou IR-MAD (nodata -1).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Seuil&lt;/b&gt; : &lt;code&gt;auto&lt;/code&gt; = le seuil automatique du calcul (enregistré dans le fichier ; Otsu sur l'histogramme quand le fichier n'en enregistre pas), ou une valeur dans [0, 1] ; changement = valeur au-dessus.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Plus petit polygone&lt;/b&gt; (pixels, 4 par défaut) et &lt;b&gt;surface minimale des polygones&lt;/b&gt; (unités de carte carrées) : les polygones plus petits sont écartés.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Lisser les contours des polygones&lt;/b&gt; : arrondit l'escalier de pixels avec le lissage de QGIS (l'algorithme de l'outil Lisser, 3 itérations, décalage 0,25).&lt;/li&gt;&lt;/ul&gt;&lt;h3&gt;Sorties&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Masque de changement&lt;/b&gt; : GeoTIFF Byte, 1 = changement, 0 = pas de changement, nodata 255.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Polygones de changement&lt;/b&gt; (facultatifs) : comme pour les algorithmes de changement.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Seuil utilisé&lt;/b&gt;, son origine et le nombre de pixels changés.&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/algorithm_help.py" line="162"/>
        <source>&lt;p&gt;Stratified random sample points from a change mask, to be labelled (change, no change or unsure) and then given to &lt;i&gt;Change area estimate&lt;/i&gt; for the change area with a 95 % confidence interval (good practice of Olofsson et al. 2014, Remote Sensing of Environment 148).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Strata&lt;/b&gt;: mapped change; &lt;i&gt;possible change&lt;/i&gt;, mapped no change within &lt;b&gt;Ring&lt;/b&gt; pixels of mapped change and/or with a change probability at least &lt;b&gt;Possible change from&lt;/b&gt; (where omitted change hides); stable, the rest. Nodata is never sampled.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Sample size&lt;/b&gt;: given, or from the &lt;b&gt;target standard error&lt;/b&gt; of the change-area proportion and the anticipated user&apos;s accuracy of each stratum (eq. 13). &lt;b&gt;Allocation&lt;/b&gt;: proportional to the strata, equal, or custom; every stratum gets at least the minimum and the others share the rest. The same &lt;b&gt;seed&lt;/b&gt; draws the same points.&lt;/p&gt;&lt;p&gt;Output: a GeoPackage of points with their stratum, stratum weight and size, a unique id (the labelling order) and an empty &lt;code&gt;reference&lt;/code&gt; field.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Des points d'échantillon aléatoires stratifiés tirés d'un masque de changement, à étiqueter (changement, pas de changement ou incertain) puis à donner à &lt;i&gt;Estimation de la surface de changement&lt;/i&gt; pour obtenir la surface de changement avec un intervalle de confiance à 95 % (bonnes pratiques d'Olofsson et al. 2014, Remote Sensing of Environment 148).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Strates&lt;/b&gt; : le changement cartographié ; le &lt;i&gt;changement possible&lt;/i&gt;, l'absence de changement cartographiée à moins de &lt;b&gt;Anneau&lt;/b&gt; pixels du changement cartographié et/ou avec une probabilité de changement d'au moins &lt;b&gt;Changement possible à partir de&lt;/b&gt; (là où se cache le changement omis) ; stable, le reste. Le nodata n'est jamais échantillonné.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Taille d'échantillon&lt;/b&gt; : donnée, ou tirée de l'&lt;b&gt;erreur type visée&lt;/b&gt; de la proportion de surface changée et de la précision utilisateur attendue de chaque strate (éq. 13). &lt;b&gt;Répartition&lt;/b&gt; : proportionnelle aux strates, égale ou personnalisée ; chaque strate reçoit au moins le minimum et les autres se partagent le reste. La même &lt;b&gt;graine&lt;/b&gt; tire les mêmes points.&lt;/p&gt;&lt;p&gt;Sortie : un GeoPackage de points avec leur strate, le poids et la taille de la strate, un identifiant unique (l'ordre d'étiquetage) et un champ &lt;code&gt;reference&lt;/code&gt; vide.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/algorithm_help.py" line="178"/>
        <source>&lt;p&gt;The change area and the map&apos;s accuracy, each with standard error and 95 % confidence interval, from the sample points of &lt;i&gt;Sampling design&lt;/i&gt; once their &lt;code&gt;reference&lt;/code&gt; field is labelled (change, no change or unsure; unsure and empty points are counted and left out). Save the layer&apos;s edits first.&lt;/p&gt;&lt;p&gt;Estimators: Olofsson et al. (2014) when the strata are the map classes, Stehman (2014) when they differ (a possible-change stratum, or another &lt;b&gt;change mask&lt;/b&gt; read at the points).&lt;/p&gt;</source>
        <translation>&lt;p&gt;La surface de changement et la précision de la carte, chacune avec son erreur type et son intervalle de confiance à 95 %, à partir des points d'échantillon du &lt;i&gt;Plan d'échantillonnage&lt;/i&gt; une fois leur champ &lt;code&gt;reference&lt;/code&gt; étiqueté (changement, pas de changement ou incertain ; les points incertains et vides sont comptés et écartés). Enregistrez d'abord les modifications de la couche.&lt;/p&gt;&lt;p&gt;Estimateurs : Olofsson et al. (2014) quand les strates sont les classes de la carte, Stehman (2014) quand elles diffèrent (une strate de changement possible, ou un autre &lt;b&gt;masque de changement&lt;/b&gt; lu aux points).&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="31"/>
        <source>possible change</source>
        <translation>changement possible</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="31"/>
        <source>stable</source>
        <translation>stable</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="64"/>
        <source>Change mask (1 change, 0 no change)</source>
        <translation>Masque de changement (1 changement, 0 pas de changement)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="65"/>
        <source>Change probability (optional)</source>
        <translation>Probabilité de changement (facultative)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="67"/>
        <source>Ring of possible change around mapped change (pixels, 0 = none)</source>
        <translation>Anneau de changement possible autour du changement cartographié (pixels, 0 = aucun)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="70"/>
        <source>Possible change from this probability (empty = none)</source>
        <translation>Changement possible à partir de cette probabilité (vide = aucun)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="73"/>
        <source>Number of points (0 = from the target standard error)</source>
        <translation>Nombre de points (0 = d'après l'erreur type visée)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="75"/>
        <source>Target standard error of the change-area proportion</source>
        <translation>Erreur type visée de la proportion de surface changée</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="79"/>
        <source>Anticipated user&apos;s accuracy of the {stratum} stratum</source>
        <translation>Précision utilisateur attendue de la strate « {stratum} »</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="83"/>
        <source>Allocation</source>
        <translation>Répartition</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="85"/>
        <source>Points in the {stratum} stratum (custom allocation)</source>
        <translation>Points dans la strate « {stratum} » (répartition personnalisée)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="88"/>
        <source>Minimum points per stratum</source>
        <translation>Nombre minimal de points par strate</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="90"/>
        <source>Seed</source>
        <translation>Graine</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="92"/>
        <source>Number of points</source>
        <translation>Nombre de points</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="94"/>
        <source>Points in the {stratum} stratum</source>
        <translation>Points dans la strate « {stratum} »</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="96"/>
        <source>Pixels of the {stratum} stratum</source>
        <translation>Pixels de la strate « {stratum} »</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="147"/>
        <source>Estimated change area</source>
        <translation>Surface de changement estimée</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="148"/>
        <source>Standard error of the change area</source>
        <translation>Erreur type de la surface de changement</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="149"/>
        <source>Change area, 95 % interval, low</source>
        <translation>Surface de changement, intervalle à 95 %, borne basse</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="150"/>
        <source>Change area, 95 % interval, high</source>
        <translation>Surface de changement, intervalle à 95 %, borne haute</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="151"/>
        <source>Mapped change area</source>
        <translation>Surface de changement cartographiée</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="152"/>
        <source>Estimated no-change area</source>
        <translation>Surface sans changement estimée</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="154"/>
        <source>Standard error of the overall accuracy</source>
        <translation>Erreur type de l'exactitude globale</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="155"/>
        <source>User&apos;s accuracy of change</source>
        <translation>Précision utilisateur du changement</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="156"/>
        <source>Standard error of the user&apos;s accuracy of change</source>
        <translation>Erreur type de la précision utilisateur du changement</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="158"/>
        <source>Producer&apos;s accuracy of change</source>
        <translation>Précision producteur du changement</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="159"/>
        <source>Standard error of the producer&apos;s accuracy of change</source>
        <translation>Erreur type de la précision producteur du changement</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="161"/>
        <source>Unsure points (left out)</source>
        <translation>Points incertains (écartés)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="162"/>
        <source>Points not labelled (left out)</source>
        <translation>Points non étiquetés (écartés)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="188"/>
        <source>Labelled sample points</source>
        <translation>Points d'échantillon étiquetés</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="190"/>
        <source>Change mask read at the points (empty = the class stored with each point)</source>
        <translation>Masque de changement lu aux points (vide = la classe enregistrée avec chaque point)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="192"/>
        <source>Area report (HTML)</source>
        <translation>Rapport de surface (HTML)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="194"/>
        <source>Area table (CSV)</source>
        <translation>Tableau de surface (CSV)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="198"/>
        <source>Area unit (ha, or px without a metric CRS)</source>
        <translation>Unité de surface (ha, ou px sans SCR métrique)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/area_algorithms.py" line="199"/>
        <source>Estimators used</source>
        <translation>Estimateurs utilisés</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/change_algorithms.py" line="23"/>
        <source>VGG16 weights used</source>
        <translation>Poids VGG16 utilisés</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/threshold_algorithm.py" line="67"/>
        <source>Smooth polygon outlines (QGIS&apos;s Smooth tool, 3 iterations)</source>
        <translation>Lisser les contours des polygones (outil Lisser de QGIS, 3 itérations)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/threshold_algorithm.py" line="73"/>
        <source>Threshold used</source>
        <translation>Seuil utilisé</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/core_bridge.py" line="55"/>
        <source>VGG16 weights = imagenet (WEIGHTS=imagenet)</source>
        <translation>Poids VGG16 = imagenet (WEIGHTS=imagenet)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/core_bridge.py" line="56"/>
        <source>VGG16 weights = random (WEIGHTS=random)</source>
        <translation>Poids VGG16 = random (WEIGHTS=random)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/core_bridge.py" line="57"/>
        <source>VGG16 weights = file and the .pth as VGG16 weights file (WEIGHTS=file WEIGHTS_FILE=PATH)</source>
        <translation>Poids VGG16 = file et le .pth comme Fichier de poids VGG16 (WEIGHTS=file WEIGHTS_FILE=CHEMIN)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/field_words.py" line="13"/>
        <source>T1 raster (earlier date)</source>
        <translation>Raster T1 (date antérieure)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/field_words.py" line="13"/>
        <source>T2 raster (later date)</source>
        <translation>Raster T2 (date postérieure)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/threshold_algorithm.py" line="64"/>
        <source>Minimum polygon area (square map units)</source>
        <translation>Surface minimale des polygones (unités de carte carrées)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/threshold_algorithm.py" line="61"/>
        <source>Smallest polygon (pixels)</source>
        <translation>Plus petit polygone (pixels)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/field_words.py" line="16"/>
        <source>Bands of T1 (e.g. 4,3,2; empty = all)</source>
        <translation>Bandes de T1 (p. ex. 4,3,2 ; vide = toutes)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/field_words.py" line="16"/>
        <source>Bands of T2 (e.g. 4,3,2; empty = all)</source>
        <translation>Bandes de T2 (p. ex. 4,3,2 ; vide = toutes)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/field_words.py" line="17"/>
        <source>Process only this extent (empty = all of the area both rasters cover)</source>
        <translation>Traiter seulement cette emprise (vide = toute la zone couverte par les deux rasters)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/field_words.py" line="18"/>
        <source>Data kind (auto: SAR from polarisation band names, decibels or speckle)</source>
        <translation>Type de données (auto : SAR d'après les noms de bandes de polarisation, les décibels ou le chatoiement)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/field_words.py" line="19"/>
        <source>Threshold (&apos;auto&apos; or a value in [0, 1])</source>
        <translation>Seuil (« auto » ou une valeur dans [0, 1])</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/field_words.py" line="21"/>
        <source>Fitting iterations (0 = the preset&apos;s default)</source>
        <translation>Itérations d'ajustement (0 = la valeur du préréglage)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/field_words.py" line="22"/>
        <source>Fine-tune the VGG16 feature extractor (much slower on CPU)</source>
        <translation>Affiner l'extracteur de caractéristiques VGG16 (beaucoup plus lent sur processeur)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/field_words.py" line="23"/>
        <source>Shift tolerance in pixels (auto: chosen from the data, see the help)</source>
        <translation>Tolérance de décalage en pixels (auto : choisie d'après les données, voir l'aide)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/run_parameters.py" line="84"/>
        <source>VGG16 weights file (.pth), used when VGG16 weights is &apos;file&apos;</source>
        <translation>Fichier de poids VGG16 (.pth), utilisé quand Poids VGG16 vaut « file »</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/run_parameters.py" line="157"/>
        <source>{parameter}: {problem}</source>
        <translation>{parameter} : {problem}</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/summary_report.py" line="15"/>
        <source>Changed area (square map units)</source>
        <translation>Surface changée (unités de carte carrées)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/summary_report.py" line="16"/>
        <source>Changed area (hectares; empty when the CRS has no ground unit)</source>
        <translation>Surface changée (hectares ; vide quand le SCR n'a pas d'unité au sol)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/summary_report.py" line="17"/>
        <source>Changed share of the valid area (%)</source>
        <translation>Part changée de la surface valide (%)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/threshold_algorithm.py" line="75"/>
        <source>Changed pixels</source>
        <translation>Pixels changés</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/summary_report.py" line="19"/>
        <source>Change patches (4-connected groups of changed pixels)</source>
        <translation>Taches de changement (groupes 4-connexes de pixels changés)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/summary_report.py" line="29"/>
        <source>Change summary (HTML or CSV)</source>
        <translation>Résumé des changements (HTML ou CSV)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/threshold_algorithm.py" line="57"/>
        <source>Change probability (or change score) of an earlier run</source>
        <translation>Probabilité de changement (ou score de changement) d'un calcul précédent</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/threshold_algorithm.py" line="59"/>
        <source>Threshold (&apos;auto&apos; = the run&apos;s own, or a value in [0, 1])</source>
        <translation>Seuil (« auto » = celui du calcul, ou une valeur dans [0, 1])</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/threshold_algorithm.py" line="74"/>
        <source>Where the threshold came from</source>
        <translation>Origine du seuil</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/toolbox_names.py" line="12"/>
        <source>Change detection</source>
        <translation>Détection de changements</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/toolbox_names.py" line="12"/>
        <source>Classical change detection</source>
        <translation>Détection de changements classique</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/toolbox_names.py" line="13"/>
        <source>Assessment</source>
        <translation>Évaluation</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/toolbox_names.py" line="17"/>
        <source>Metric-CD change detection (deep, unsupervised)</source>
        <translation>Détection de changements Metric-CD (profonde, non supervisée)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/toolbox_names.py" line="18"/>
        <source>Change Vector Analysis (CVA)</source>
        <translation>Analyse des vecteurs de changement (CVA)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/toolbox_names.py" line="18"/>
        <source>PCA-KMeans</source>
        <translation>PCA-KMeans</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/toolbox_names.py" line="18"/>
        <source>IR-MAD</source>
        <translation>IR-MAD</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/toolbox_names.py" line="19"/>
        <source>Change mask at another threshold (no new fit)</source>
        <translation>Masque de changement à un autre seuil (sans nouvel ajustement)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/toolbox_names.py" line="20"/>
        <source>Change detection accuracy</source>
        <translation>Précision de la détection de changements</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/toolbox_names.py" line="21"/>
        <source>Sampling design for the change area</source>
        <translation>Plan d'échantillonnage pour la surface de changement</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/toolbox_names.py" line="22"/>
        <source>Change area estimate from labelled sample points</source>
        <translation>Estimation de la surface de changement à partir de points d'échantillon étiquetés</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/field_words.py" line="24"/>
        <source>Arithmetic (auto: bfloat16 where the CPU computes it natively, see the help)</source>
        <translation>Arithmétique (auto : bfloat16 là où le processeur le calcule nativement, voir l'aide)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/algorithm_help.py" line="62"/>
        <source>&lt;ul&gt;&lt;li&gt;&lt;b&gt;Preset&lt;/b&gt;: &lt;code&gt;fast&lt;/code&gt; (default: a light network fitted on sampled patches) or &lt;code&gt;paper&lt;/code&gt; (the published configuration, slower).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Device&lt;/b&gt;: auto (CUDA when available), cpu or cuda.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Iterations&lt;/b&gt;: fitting steps; 0 = the preset&apos;s default.&lt;/li&gt;&lt;li&gt;&lt;b&gt;VGG16 weights&lt;/b&gt;: &lt;code&gt;auto&lt;/code&gt; (default: &lt;code&gt;imagenet&lt;/code&gt; when it can be had, otherwise &lt;code&gt;random&lt;/code&gt;, with a warning in the log and the output metadata), &lt;code&gt;imagenet&lt;/code&gt; (torchvision&apos;s VGG16, downloaded once from download.pytorch.org: only the feature layers the method uses, about 7 MB of the 528 MB file, by range requests (the whole file, verified by SHA-256, where ranges are refused), cached with their SHA-256 in the QGIS profile; fails without network), &lt;code&gt;random&lt;/code&gt; (seeded, offline, lower quality) or &lt;code&gt;file&lt;/code&gt;: the &lt;b&gt;VGG16 weights file&lt;/b&gt; (a .pth state dict, e.g. vgg16-397923af.pth fetched by hand where QGIS has no internet).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Shift tolerance&lt;/b&gt;: each date is matched within this many pixels of the other, so that misregistered or differently viewed texture of photographs (roofs, tree crowns) is not taken for change; &lt;code&gt;auto&lt;/code&gt; (default) is {rule}. The log says which and why.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Fine-tune the VGG16 feature extractor&lt;/b&gt; (FINETUNE_FE): also optimise the deep features on this pair (much slower on CPU).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Arithmetic&lt;/b&gt; (PRECISION): &lt;code&gt;auto&lt;/code&gt; (default) computes the networks in bfloat16 on a CPU that does so natively (AVX512-BF16 or AMX), in about 0.8 times the time, as accurate on the reference pairs (a pixel&apos;s probability moves by about a thousandth, the mask on under 1 % of the pixels); float32 elsewhere, on CUDA and with the paper preset. &lt;code&gt;float32&lt;/code&gt; gives the same digits on every CPU. The log says which was used.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;From qgis_process, PRESET and DEVICE are numbers (PRESET=0 fast, 1 paper; DEVICE=0 auto, 1 cpu, 2 cuda); WEIGHTS, SHIFT_TOLERANCE and PRECISION are words (WEIGHTS=auto, imagenet, random or file, with WEIGHTS_FILE=path; SHIFT_TOLERANCE=auto or 0-8; PRECISION=auto, float32 or bfloat16).&lt;/p&gt;</source>
        <translation>&lt;ul&gt;&lt;li&gt;&lt;b&gt;Préréglage&lt;/b&gt; : &lt;code&gt;fast&lt;/code&gt; (par défaut : un réseau léger ajusté sur des imagettes échantillonnées) ou &lt;code&gt;paper&lt;/code&gt; (la configuration publiée, plus lente).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Périphérique&lt;/b&gt; : auto (CUDA si disponible), cpu ou cuda.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Itérations&lt;/b&gt; : étapes d'ajustement ; 0 = la valeur du préréglage.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Poids VGG16&lt;/b&gt; : &lt;code&gt;auto&lt;/code&gt; (par défaut : &lt;code&gt;imagenet&lt;/code&gt; quand on peut les obtenir, sinon &lt;code&gt;random&lt;/code&gt;, avec un avertissement dans le journal et les métadonnées de la sortie), &lt;code&gt;imagenet&lt;/code&gt; (le VGG16 de torchvision, téléchargé une seule fois depuis download.pytorch.org : seulement les couches de caractéristiques qu'utilise la méthode, environ 7 Mo du fichier de 528 Mo, par requêtes de plages (le fichier entier, vérifié par SHA-256, là où les plages sont refusées), mis en cache avec leur SHA-256 dans le profil QGIS ; échoue sans réseau), &lt;code&gt;random&lt;/code&gt; (aléatoires initialisés par la graine, hors ligne, de moindre qualité) ou &lt;code&gt;file&lt;/code&gt; : le &lt;b&gt;fichier de poids VGG16&lt;/b&gt; (un state dict .pth, p. ex. vgg16-397923af.pth récupéré à la main là où QGIS n'a pas internet).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Tolérance de décalage&lt;/b&gt; : chaque date est appariée à l'autre à ce nombre de pixels près, pour que la texture mal recalée ou vue sous un autre angle des photographies (toits, couronnes d'arbres) ne soit pas prise pour un changement ; &lt;code&gt;auto&lt;/code&gt; (par défaut) vaut {rule}. Le journal indique laquelle et pourquoi.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Affiner l'extracteur de caractéristiques VGG16&lt;/b&gt; (FINETUNE_FE) : optimiser aussi les caractéristiques profondes sur cette paire (beaucoup plus lent sur processeur).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Arithmétique&lt;/b&gt; (PRECISION) : &lt;code&gt;auto&lt;/code&gt; (par défaut) calcule les réseaux en bfloat16 sur un processeur qui le fait nativement (AVX512-BF16 ou AMX), en environ 0,8 fois le temps, aussi précis sur les paires de référence (la probabilité d'un pixel varie d'environ un millième, le masque diffère sur moins de 1 % des pixels) ; float32 ailleurs, sur CUDA et avec le préréglage paper. &lt;code&gt;float32&lt;/code&gt; donne les mêmes chiffres sur tout processeur. Le journal indique lequel a servi.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Depuis qgis_process, PRESET et DEVICE sont des nombres (PRESET=0 fast, 1 paper ; DEVICE=0 auto, 1 cpu, 2 cuda) ; WEIGHTS, SHIFT_TOLERANCE et PRECISION sont des mots (WEIGHTS=auto, imagenet, random ou file, avec WEIGHTS_FILE=chemin ; SHIFT_TOLERANCE=auto ou 0-8 ; PRECISION=auto, float32 ou bfloat16).&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_help.py" line="14"/>
        <source>Arithmetic</source>
        <translation>Arithmétique</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_help.py" line="14"/>
        <source>(advanced) &apos;auto&apos; computes the networks in bfloat16 on a CPU that does so natively (AVX512-BF16 or AMX): a run takes about 0.8 times as long and is as accurate on the reference pairs. Elsewhere, on a GPU and with the Paper preset it computes in float32. &apos;float32&apos; gives the same digits on every CPU; the log says which was used.</source>
        <translation>(avancé) « auto » calcule les réseaux en bfloat16 sur un processeur qui le fait nativement (AVX512-BF16 ou AMX) : un calcul prend environ 0,8 fois le temps et est aussi précis sur les paires de référence. Ailleurs, sur un GPU et avec le préréglage « Article », le calcul se fait en float32. « float32 » donne les mêmes chiffres sur tout processeur ; le journal indique lequel a servi.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/error_words.py" line="150"/>
        <source>This GPU does not compute bfloat16; choose precision &apos;float32&apos; or &apos;auto&apos;.</source>
        <translation>Ce GPU ne calcule pas en bfloat16 ; choisissez la précision « float32 » ou « auto ».</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/core_bridge.py" line="60"/>
        <source>The data kind was unsure, so the rasters were compared as {kind} (the log says why). If they are SAR, run again with Data kind SAR: filtered, multilooked or resampled SAR products often look like this, and compared as optical their changes are mostly missed. If they are optical, choose Data kind Optical to say so.</source>
        <translation>Le type de données était incertain : les rasters ont été comparés comme {kind} (le journal dit pourquoi). S'ils sont SAR, relancez avec le type de données SAR : les produits SAR filtrés, multivues ou rééchantillonnés ressemblent souvent à cela, et comparés comme optiques leurs changements sont surtout manqués. S'ils sont optiques, choisissez le type de données Optique pour le dire.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="171"/>
        <source>SAR</source>
        <translation>SAR</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/processing_provider/core_bridge.py" line="74"/>
        <source>optical</source>
        <translation>optique</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="49"/>
        <source>Measuring the log-ratio&apos;s share of change</source>
        <translation>Mesure de la part de changement du log-ratio</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="93"/>
        <source>agreement with the confident pixels of log-ratio PCA-KMeans (SAR)</source>
        <translation>accord avec les pixels sûrs de PCA-KMeans sur le log-ratio (SAR)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="98"/>
        <source>the share of change log-ratio PCA-KMeans finds ({share} %), on the pixels of highest Pc (SAR)</source>
        <translation>la part de changement que trouve PCA-KMeans sur le log-ratio ({share} %), sur les pixels de plus forte Pc (SAR)</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/dialog_help.py" line="14"/>
        <source>For SAR, the mask now flags as much of the scene as the log-ratio comparison (PCA-KMeans) finds changed, on the pixels this method finds most likely changed. That put it ahead on the repository&apos;s SAR test pairs and on 10 of 12 filtered or resampled copies of them; it has not yet been measured on the scenes above.</source>
        <translation>Pour le SAR, le masque signale désormais autant de la scène que la comparaison par log-ratio (PCA-KMeans) en trouve de changée, sur les pixels que cette méthode juge les plus probablement changés. Cela l'a placée en tête sur les paires SAR de test du dépôt et sur 10 de leurs 12 copies filtrées ou rééchantillonnées ; cela n'a pas encore été mesuré sur les scènes ci-dessus.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_manager.py" line="97"/>
        <source>Run again as SAR</source>
        <translation>Relancer en SAR</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_manager.py" line="97"/>
        <source>Run again as optical</source>
        <translation>Relancer en optique</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_manager.py" line="98"/>
        <source>Run the same change detection with Data kind {kind}, into temporary files; this result stays on the map.</source>
        <translation>Relancer la même détection de changement avec le type de données {kind}, dans des fichiers temporaires ; ce résultat reste sur la carte.</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_manager.py" line="99"/>
        <source>Optical</source>
        <translation>Optique</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_words.py" line="171"/>
        <source>The data kind was unsure: compared as {kind}. Are the rasters SAR?</source>
        <translation>Type de données incertain : comparé comme {kind}. Les rasters sont-ils SAR ?</translation>
    </message>
    <message>
        <location filename="../metric_cd_plugin/gui/run_request.py" line="68"/>
        <source>Changes: {t1} → {t2} (SAR)</source>
        <translation>Changements : {t1} → {t2} (SAR)</translation>
    </message>
</context>
</TS>
